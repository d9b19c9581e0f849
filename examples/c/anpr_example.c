/*
 * anpr C example: read the plates in images (JPEG/PNG files) or raw frames, match them against a hotlist and print
 * one line per plate, its hits, and the JSON of each frame.
 *
 *   anpr_example [--country NL,BE] [--hotlist FILE.csv] IMAGE...
 *   anpr_example [--country NL,BE] [--hotlist FILE.csv] --raw WIDTH HEIGHT FORMAT FILE
 *       (FORMAT: gray8 rgb8 bgr8 rgba8 bgra8 nv12; packed rows)
 *
 * ONNX Runtime is found through ORT_DYLIB_PATH. Build and run: make -C examples/c run
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "anpr.h"

static const anpr_hotlist *g_hotlist; /* NULL without --hotlist */

static void print_hits(const anpr_results *results, size_t index) {
    if (!g_hotlist) return;
    anpr_hits *hits = NULL;
    if (anpr_hotlist_match(g_hotlist, results, index, (int64_t)time(NULL), &hits) != ANPR_STATUS_OK) {
        fprintf(stderr, "match: %s\n", anpr_last_error_message());
        return;
    }
    static const char *kinds[] = {"exact", "look-alike", "edit"};
    for (size_t h = 0; h < anpr_hits_count(hits); h++) {
        const char *list = NULL, *reference = NULL, *reason = NULL, *plate = NULL;
        uint32_t kind = 0;
        float score = 0;
        anpr_hits_strings(hits, h, &list, NULL, &reference, &reason, &plate, NULL);
        anpr_hits_info(hits, h, NULL, &kind, &score, NULL, NULL);
        printf("      HIT %s %s (%s): %s [%s match, %.2f]\n", list, plate ? plate : "(hashed)", reference, reason,
               kind < 3 ? kinds[kind] : "?", score);
    }
    anpr_hits_free(hits);
}

static int fail(const char *what, anpr_status status) {
    fprintf(stderr, "%s: %s (status %u: %s)\n", what, anpr_last_error_message(), (unsigned)status,
            anpr_status_str(status));
    return 1;
}

static void print_results(const char *source, const anpr_results *results) {
    size_t n = anpr_results_count(results);
    printf("%s: %zu plate(s)\n", source, n);
    for (size_t i = 0; i < n; i++) {
        float confidence = 0;
        anpr_bbox box;
        anpr_format format;
        anpr_results_confidence(results, i, &confidence);
        anpr_results_box(results, i, &box);
        anpr_results_format(results, i, &format);
        printf("  %-10s display %-12s confidence %.3f box [%.0f, %.0f, %.0f, %.0f] format %s\n",
               anpr_results_text(results, i), anpr_results_display(results, i), confidence, box.x1, box.y1, box.x2,
               box.y2, format.name ? format.name : "-");
        print_hits(results, i);
        for (size_t j = 1; j < anpr_results_candidate_count(results, i); j++) {
            const char *text = NULL;
            float score = 0;
            anpr_results_candidate(results, i, j, &text, &score, NULL);
            printf("      or %-10s %.3f\n", text, score);
        }
    }
    uint64_t total_us = 0;
    anpr_results_timing(results, ANPR_STAGE_TOTAL, &total_us);
    const char *json = NULL;
    if (anpr_results_json(results, &json) == ANPR_STATUS_OK) printf("  json %s\n", json);
    printf("  took %.1f ms\n", (double)total_us / 1000.0);
}

static int pixel_format(const char *name, uint32_t *format, size_t *bytes_per_pixel) {
    static const struct {
        const char *name;
        uint32_t format;
        size_t bpp;
    } formats[] = {
        {"gray8", ANPR_PIXEL_FORMAT_GRAY8, 1}, {"rgb8", ANPR_PIXEL_FORMAT_RGB8, 3},
        {"bgr8", ANPR_PIXEL_FORMAT_BGR8, 3},   {"rgba8", ANPR_PIXEL_FORMAT_RGBA8, 4},
        {"bgra8", ANPR_PIXEL_FORMAT_BGRA8, 4}, {"nv12", ANPR_PIXEL_FORMAT_NV12, 1},
    };
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        if (strcmp(name, formats[i].name) == 0) {
            *format = formats[i].format;
            *bytes_per_pixel = formats[i].bpp;
            return 1;
        }
    }
    return 0;
}

static int read_raw(const anpr_engine *engine, char **argv) {
    uint32_t width = (uint32_t)strtoul(argv[0], NULL, 10), height = (uint32_t)strtoul(argv[1], NULL, 10);
    uint32_t format;
    size_t bpp;
    if (!pixel_format(argv[2], &format, &bpp)) {
        fprintf(stderr, "unknown pixel format %s\n", argv[2]);
        return 1;
    }
    FILE *f = fopen(argv[3], "rb");
    if (!f) {
        perror(argv[3]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc(len > 0 ? (size_t)len : 1);
    size_t got = data ? fread(data, 1, (size_t)len, f) : 0;
    fclose(f);
    anpr_results *results = NULL;
    /* The library checks that the buffer holds every row; a wrong size is a status, never a crash. */
    anpr_status s = anpr_engine_read(engine, data, got, width, height, width * bpp, format, NULL, &results);
    free(data);
    if (s != ANPR_STATUS_OK) return fail(argv[3], s);
    print_results(argv[3], results);
    anpr_results_free(results);
    return 0;
}

int main(int argc, char **argv) {
    const char *countries = "NL", *hotlist_path = NULL;
    int first = 1;
    while (first + 1 < argc && strncmp(argv[first], "--", 2) == 0 && strcmp(argv[first], "--raw") != 0) {
        if (strcmp(argv[first], "--country") == 0) {
            countries = argv[first + 1];
        } else if (strcmp(argv[first], "--hotlist") == 0) {
            hotlist_path = argv[first + 1];
        } else {
            break;
        }
        first += 2;
    }
    if (first >= argc) {
        fprintf(stderr, "usage: %s [--country NL,BE] [--hotlist FILE.csv] IMAGE... | --raw WIDTH HEIGHT FORMAT FILE\n",
                argv[0]);
        return 2;
    }
    printf("libanpr %s (header %s)\n", anpr_version(), ANPR_VERSION_STRING);

    anpr_engine_builder *config = anpr_engine_builder_new();
    anpr_status s = anpr_engine_builder_set_countries(config, countries);
    if (s != ANPR_STATUS_OK) return fail("countries", s);
    anpr_engine *engine = NULL;
    s = anpr_engine_new(config, &engine);
    anpr_engine_builder_free(config);
    if (s != ANPR_STATUS_OK) return fail("engine", s);

    anpr_hotlist *hotlist = NULL;
    if (hotlist_path) {
        size_t rejected = 0;
        s = anpr_hotlist_new(&hotlist);
        if (s == ANPR_STATUS_OK) s = anpr_hotlist_load_csv_file(hotlist, hotlist_path, false, &rejected);
        if (s != ANPR_STATUS_OK) return fail(hotlist_path, s);
        printf("hotlist %s: %zu entries (%zu lines rejected)\n", hotlist_path, anpr_hotlist_len(hotlist), rejected);
        g_hotlist = hotlist;
    }

    int rc = 0;
    if (strcmp(argv[first], "--raw") == 0) {
        rc = argc - first == 5 ? read_raw(engine, argv + first + 1) : 2;
    } else {
        for (int i = first; i < argc; i++) {
            anpr_results *results = NULL;
            s = anpr_engine_read_file(engine, argv[i], &results);
            if (s != ANPR_STATUS_OK) {
                rc = fail(argv[i], s);
                continue;
            }
            print_results(argv[i], results);
            anpr_results_free(results);
        }
    }
    anpr_hotlist_free(hotlist);
    anpr_engine_free(engine);
    return rc;
}
