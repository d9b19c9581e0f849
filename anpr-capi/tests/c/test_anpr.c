/*
 * C tests of the anpr C API: the whole API from C, every error path, and 8 threads sharing one engine.
 * Run by anpr-capi/run-c-tests.sh (plain, under AddressSanitizer and under Valgrind).
 *
 * Needs ORT_DYLIB_PATH (the ONNX Runtime library) and ANPR_TEST_DATA (the directory with plate.png); the dev
 * models are whatever the library bundles, so the tests check structure and contracts, not plate texts.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "anpr.h"

static int g_failed_checks;
/* ANPR_TEST_VALGRIND=1: fewer model runs (each is slow under Valgrind); every call and error path still runs */
static int g_light;
static int g_tests_passed;
static int g_tests_failed;

#define CHECK(cond)                                                                                          \
    do {                                                                                                     \
        if (!(cond)) {                                                                                       \
            g_failed_checks++;                                                                               \
            fprintf(stderr, "  FAIL %s:%d: %s (last error: %s)\n", __FILE__, __LINE__, #cond,                \
                    anpr_last_error_message());                                                              \
        }                                                                                                    \
    } while (0)

#define CHECK_STATUS(expr, want)                                                                             \
    do {                                                                                                     \
        anpr_status s_ = (expr);                                                                             \
        if (s_ != (anpr_status)(want)) {                                                                     \
            g_failed_checks++;                                                                               \
            fprintf(stderr, "  FAIL %s:%d: %s returned %u (%s), wanted %s (last error: %s)\n", __FILE__,     \
                    __LINE__, #expr, (unsigned)s_, anpr_status_str(s_), #want, anpr_last_error_message());   \
        }                                                                                                    \
    } while (0)

/* A failed call must leave a message; a NULL-argument error names the argument. */
#define CHECK_FAILS_WITH(expr, want)                                                                         \
    do {                                                                                                     \
        CHECK_STATUS(expr, want);                                                                            \
        CHECK(anpr_last_error_message() != NULL && anpr_last_error_message()[0] != '\0');                    \
    } while (0)

static void run(const char *name, void (*fn)(void)) {
    int before = g_failed_checks;
    fn();
    if (g_failed_checks == before) {
        g_tests_passed++;
        printf("ok   %s\n", name);
    } else {
        g_tests_failed++;
        printf("FAIL %s\n", name);
    }
    fflush(stdout);
}

/* ---------- fixtures ---------- */

static const char *ort_path(void) { return getenv("ORT_DYLIB_PATH"); }

static char g_png_path[4096];
static unsigned char *g_png;
static size_t g_png_len;

static unsigned char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* A synthetic 320x240 scene: grey background, light plate with dark bars, in any pixel format, with padding. */
/* The scene of tests/data/plate.png (render_plate.py): a car with a Dutch-style yellow plate "12-ABC-3", drawn
 * directly into a padded buffer of any pixel format, so that raw-frame reads see a real plate. */
enum { FW = 480, FH = 270 };

typedef struct {
    unsigned char *data;
    size_t len;
    size_t stride;
    uint32_t format;
} frame_t;

static const char *const GLYPHS[][8] = {
    {"1", "00100", "01100", "00100", "00100", "00100", "00100", "01110"},
    {"2", "01110", "10001", "00001", "00010", "00100", "01000", "11111"},
    {"3", "11110", "00001", "00001", "01110", "00001", "00001", "11110"},
    {"A", "01110", "10001", "10001", "11111", "10001", "10001", "10001"},
    {"B", "11110", "10001", "10001", "11110", "10001", "10001", "11110"},
    {"C", "01110", "10001", "10000", "10000", "10000", "10001", "01110"},
    {"-", "00000", "00000", "00000", "11111", "00000", "00000", "00000"},
};

static int in_rect(int x, int y, int x0, int y0, int x1, int y1) { return x >= x0 && x < x1 && y >= y0 && y < y1; }

static void scene_rgb(int x, int y, unsigned char rgb[3]) {
    unsigned char v = (unsigned char)(90 + y / 6);
    rgb[0] = v, rgb[1] = v, rgb[2] = (unsigned char)(v + 5);
    if (in_rect(x, y, 90, 70, 390, 240)) rgb[0] = 150, rgb[1] = 20, rgb[2] = 30;
    if (in_rect(x, y, 120, 80, 360, 140)) rgb[0] = 40, rgb[1] = 50, rgb[2] = 60;
    if (in_rect(x, y, 160, 180, 320, 216)) rgb[0] = 0, rgb[1] = 0, rgb[2] = 0;
    if (in_rect(x, y, 162, 182, 318, 214)) {
        rgb[0] = 250, rgb[1] = 200, rgb[2] = 20;
        const char *text = "12-ABC-3";
        for (int i = 0; text[i]; i++) {
            int gx = (x - (170 + 18 * i)) / 3, gy = (y - 187) / 3;
            if (x < 170 + 18 * i || y < 187 || gx >= 5 || gy >= 7) continue;
            for (size_t g = 0; g < sizeof GLYPHS / sizeof GLYPHS[0]; g++)
                if (GLYPHS[g][0][0] == text[i] && GLYPHS[g][1 + gy][gx] == '1') rgb[0] = rgb[1] = rgb[2] = 10;
        }
    }
}

static unsigned char clamp_u8(int v) { return (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : v); }

static frame_t make_frame(uint32_t format) {
    static const size_t bpp[] = {1, 3, 3, 4, 4, 1};
    frame_t f = {0};
    f.format = format;
    f.stride = FW * bpp[format] + 16; /* padded rows */
    size_t rows = format == ANPR_PIXEL_FORMAT_NV12 ? FH + FH / 2 : FH;
    f.len = f.stride * rows;
    f.data = calloc(f.len, 1);
    for (int y = 0; y < FH; y++) {
        for (int x = 0; x < FW; x++) {
            unsigned char c[3];
            scene_rgb(x, y, c);
            unsigned char *p = f.data + (size_t)y * f.stride + (size_t)x * bpp[format];
            switch (format) {
            case ANPR_PIXEL_FORMAT_GRAY8: p[0] = (unsigned char)((77 * c[0] + 150 * c[1] + 29 * c[2]) >> 8); break;
            case ANPR_PIXEL_FORMAT_RGB8: p[0] = c[0], p[1] = c[1], p[2] = c[2]; break;
            case ANPR_PIXEL_FORMAT_BGR8: p[0] = c[2], p[1] = c[1], p[2] = c[0]; break;
            case ANPR_PIXEL_FORMAT_RGBA8: p[0] = c[0], p[1] = c[1], p[2] = c[2], p[3] = 255; break;
            case ANPR_PIXEL_FORMAT_BGRA8: p[0] = c[2], p[1] = c[1], p[2] = c[0], p[3] = 255; break;
            case ANPR_PIXEL_FORMAT_NV12: {
                /* BT.601 studio swing; chroma from the top-left pixel of each 2x2 block */
                p[0] = clamp_u8(16 + ((66 * c[0] + 129 * c[1] + 25 * c[2] + 128) >> 8));
                if (x % 2 == 0 && y % 2 == 0) {
                    unsigned char *uv = f.data + f.stride * (FH + (size_t)y / 2) + (size_t)x;
                    uv[0] = clamp_u8(128 + ((-38 * c[0] - 74 * c[1] + 112 * c[2] + 128) >> 8));
                    uv[1] = clamp_u8(128 + ((112 * c[0] - 94 * c[1] - 18 * c[2] + 128) >> 8));
                }
                break;
            }
            default: break;
            }
        }
    }
    return f;
}

static void free_frame(frame_t *f) { free(f->data); }

/* The JSON minus its timings: reads of one frame must agree exactly. */
static size_t plates_prefix_len(const char *json) {
    const char *t = strstr(json, "\"timings\":");
    return t ? (size_t)(t - json) : strlen(json);
}


static anpr_engine *g_engine; /* shared by the read tests, built once */

/* ---------- tests ---------- */

static void test_version(void) {
    CHECK(strcmp(anpr_version(), ANPR_VERSION_STRING) == 0);
    char expect[64];
    snprintf(expect, sizeof expect, "%d.%d.%d", ANPR_VERSION_MAJOR, ANPR_VERSION_MINOR, ANPR_VERSION_PATCH);
    CHECK(strcmp(expect, ANPR_VERSION_STRING) == 0);
    CHECK(ANPR_VERSION_NUMBER == ((ANPR_VERSION_MAJOR << 16) | (ANPR_VERSION_MINOR << 8) | ANPR_VERSION_PATCH));
}

static void test_status_codes(void) {
    /* The numbers are ABI: they may never change. */
    CHECK(ANPR_STATUS_OK == 0);
    CHECK(ANPR_STATUS_INVALID_ARGUMENT == 1);
    CHECK(ANPR_STATUS_INVALID_IMAGE == 2);
    CHECK(ANPR_STATUS_IMAGE_DECODE == 3);
    CHECK(ANPR_STATUS_MODEL_LOAD == 4);
    CHECK(ANPR_STATUS_RUNTIME_UNAVAILABLE == 5);
    CHECK(ANPR_STATUS_INFERENCE == 6);
    CHECK(ANPR_STATUS_INVALID_PLATE == 7);
    CHECK(ANPR_STATUS_HOTLIST == 8);
    CHECK(ANPR_STATUS_IO == 9);
    CHECK(ANPR_STATUS_POLICY == 10);
    CHECK(ANPR_STATUS_NULL_ARGUMENT == 1000);
    CHECK(ANPR_STATUS_OUT_OF_RANGE == 1001);
    CHECK(ANPR_STATUS_PANIC == 1002);
    CHECK(ANPR_STATUS_UNKNOWN == 1003);
    CHECK(strcmp(anpr_status_str(ANPR_STATUS_OK), "ok") == 0);
    CHECK(strcmp(anpr_status_str(ANPR_STATUS_INVALID_IMAGE), "invalid image") == 0);
    CHECK(strcmp(anpr_status_str(123456), "unrecognised status code") == 0);
    CHECK(strcmp(anpr_status_str(UINT32_MAX), "unrecognised status code") == 0);
    for (uint32_t s = 0; s <= 10; s++) CHECK(strcmp(anpr_status_str(s), "unrecognised status code") != 0);
    for (uint32_t s = 1000; s <= 1003; s++) CHECK(strcmp(anpr_status_str(s), "unrecognised status code") != 0);
}

static void test_free_null_is_noop(void) {
    anpr_engine_builder_free(NULL);
    anpr_engine_free(NULL);
    anpr_results_free(NULL);
    CHECK(1);
}

static void test_builder_null_and_bad_arguments(void) {
    const unsigned char bytes[4] = {1, 2, 3, 4};
    CHECK_FAILS_WITH(anpr_engine_builder_set_detector_path(NULL, "x.onnx"), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(strstr(anpr_last_error_message(), "builder") != NULL);
    CHECK_FAILS_WITH(anpr_engine_builder_set_detector_bytes(NULL, bytes, 4), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_recognizer_path(NULL, "x.onnx"), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_recognizer_bytes(NULL, bytes, 4), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_backend(NULL, ANPR_BACKEND_ONNXRUNTIME), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_ort_library(NULL, "x.so"), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_countries(NULL, "NL"), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_threads(NULL, 1), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_sessions(NULL, 1), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_detection_threshold(NULL, 0.5f), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_min_confidence(NULL, 0.5f), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_top_n(NULL, 3), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_max_plates(NULL, 3), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_candidate_threshold(NULL, 0.2f), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_candidate_min_confidence(NULL, 0.5f), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_max_candidates(NULL, 2), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_reread_misfits(NULL, true), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_detector_tiles(NULL, true), ANPR_STATUS_NULL_ARGUMENT);

    anpr_engine_builder *b = anpr_engine_builder_new();
    CHECK(b != NULL);
    CHECK_FAILS_WITH(anpr_engine_builder_set_detector_path(b, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(strstr(anpr_last_error_message(), "path") != NULL);
    CHECK_FAILS_WITH(anpr_engine_builder_set_detector_path(b, ""), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_detector_bytes(b, NULL, 10), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_detector_bytes(b, bytes, 0), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_recognizer_path(b, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_recognizer_bytes(b, NULL, 0), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_ort_library(b, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_backend(b, 7), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_backend(b, UINT32_MAX), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_countries(b, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_countries(b, ""), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_builder_set_countries(b, "NL,XX"), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK(strstr(anpr_last_error_message(), "XX") != NULL);
    CHECK_FAILS_WITH(anpr_engine_builder_set_countries(b, "\xff\xfe"), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(anpr_engine_builder_set_countries(b, "nl, be ,DE"), ANPR_STATUS_OK);
    CHECK(anpr_last_error_message()[0] == '\0'); /* a successful call clears the message */
    CHECK_STATUS(anpr_engine_builder_set_backend(b, ANPR_BACKEND_ONNXRUNTIME), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_threads(b, 2), ANPR_STATUS_OK);
    anpr_engine_builder_free(b);
}

/* Runs before any engine exists: the runtime is loaded once per process. */
static void test_engine_new_errors(void) {
    anpr_engine *e = (anpr_engine *)0x1;
    CHECK_FAILS_WITH(anpr_engine_new(NULL, NULL), ANPR_STATUS_NULL_ARGUMENT);

    anpr_engine_builder *b = anpr_engine_builder_new();
    CHECK_STATUS(anpr_engine_builder_set_ort_library(b, "/nonexistent/libonnxruntime.so.1.32.0"), ANPR_STATUS_OK);
    CHECK_FAILS_WITH(anpr_engine_new(b, &e), ANPR_STATUS_RUNTIME_UNAVAILABLE);
    CHECK(e == NULL);
    CHECK(strstr(anpr_last_error_message(), "/nonexistent/") != NULL);
    anpr_engine_builder_free(b);

    struct {
        const char *what;
        anpr_status (*set)(anpr_engine_builder *, float);
        float value;
    } bad_floats[] = {
        {"threshold > 1", anpr_engine_builder_set_detection_threshold, 1.5f},
        {"threshold NaN", anpr_engine_builder_set_detection_threshold, NAN},
        {"confidence < 0", anpr_engine_builder_set_min_confidence, -0.1f},
        {"candidate threshold > 1", anpr_engine_builder_set_candidate_threshold, 2.0f},
        {"candidate confidence NaN", anpr_engine_builder_set_candidate_min_confidence, NAN},
    };
    for (size_t i = 0; i < sizeof bad_floats / sizeof bad_floats[0]; i++) {
        b = anpr_engine_builder_new();
        CHECK_STATUS(bad_floats[i].set(b, bad_floats[i].value), ANPR_STATUS_OK);
        e = (anpr_engine *)0x1;
        CHECK_FAILS_WITH(anpr_engine_new(b, &e), ANPR_STATUS_INVALID_ARGUMENT);
        CHECK(e == NULL);
        anpr_engine_builder_free(b);
    }
    struct {
        anpr_status (*set)(anpr_engine_builder *, size_t);
        size_t value;
    } bad_sizes[] = {
        {anpr_engine_builder_set_threads, 0},
        {anpr_engine_builder_set_sessions, 0},
        {anpr_engine_builder_set_top_n, 0},
        {anpr_engine_builder_set_max_plates, 100000},
        {anpr_engine_builder_set_max_candidates, 100000},
        {anpr_engine_builder_set_threads, SIZE_MAX},
    };
    for (size_t i = 0; i < sizeof bad_sizes / sizeof bad_sizes[0]; i++) {
        b = anpr_engine_builder_new();
        CHECK_STATUS(bad_sizes[i].set(b, bad_sizes[i].value), ANPR_STATUS_OK);
        CHECK_FAILS_WITH(anpr_engine_new(b, &e), ANPR_STATUS_INVALID_ARGUMENT);
        CHECK(e == NULL);
        anpr_engine_builder_free(b);
    }
}

static void test_engine_new_model_errors(void) {
    anpr_engine *e = NULL;
    anpr_engine_builder *b = anpr_engine_builder_new();
    CHECK_STATUS(anpr_engine_builder_set_ort_library(b, ort_path()), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_detector_path(b, "/nonexistent/detector.onnx"), ANPR_STATUS_OK);
    CHECK_FAILS_WITH(anpr_engine_new(b, &e), ANPR_STATUS_MODEL_LOAD);
    CHECK(e == NULL);
    CHECK(strstr(anpr_last_error_message(), "/nonexistent/detector.onnx") != NULL);

    const unsigned char garbage[] = "this is not an onnx model";
    CHECK_STATUS(anpr_engine_builder_set_detector_bytes(b, garbage, sizeof garbage), ANPR_STATUS_OK);
    CHECK_FAILS_WITH(anpr_engine_new(b, &e), ANPR_STATUS_MODEL_LOAD);
    CHECK(e == NULL);

    /* A PNG is a file that exists but is no model. */
    CHECK_STATUS(anpr_engine_builder_set_detector_path(b, g_png_path), ANPR_STATUS_OK);
    CHECK_FAILS_WITH(anpr_engine_new(b, &e), ANPR_STATUS_MODEL_LOAD);
    CHECK(e == NULL);
    anpr_engine_builder_free(b);

    b = anpr_engine_builder_new();
    CHECK_STATUS(anpr_engine_builder_set_recognizer_bytes(b, garbage, sizeof garbage), ANPR_STATUS_OK);
    CHECK_FAILS_WITH(anpr_engine_new(b, &e), ANPR_STATUS_MODEL_LOAD);
    CHECK(e == NULL);
    anpr_engine_builder_free(b);
}

static void test_engine_new(void) {
    anpr_engine_builder *b = anpr_engine_builder_new();
    CHECK_STATUS(anpr_engine_builder_set_ort_library(b, ort_path()), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_countries(b, "NL,BE"), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_threads(b, 1), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_sessions(b, 4), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_detection_threshold(b, 0.0f), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_min_confidence(b, 0.0f), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_top_n(b, 3), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_max_plates(b, 8), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_reread_misfits(b, true), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_new(b, &g_engine), ANPR_STATUS_OK);
    CHECK(g_engine != NULL);

    /* The builder is only read: it builds again, and the defaults (NULL config) build too. */
    anpr_engine *second = NULL, *defaults = NULL;
    if (g_light) {
        anpr_engine_builder_free(b);
        return;
    }
    CHECK_STATUS(anpr_engine_new(b, &second), ANPR_STATUS_OK);
    CHECK(second != NULL && second != g_engine);
    anpr_engine_builder_free(b);
    CHECK_STATUS(anpr_engine_new(NULL, &defaults), ANPR_STATUS_OK);
    CHECK(defaults != NULL);
    anpr_engine_free(second);
    anpr_engine_free(defaults);
}

static void test_engine_from_model_paths_and_bytes(void) {
    const char *dir = getenv("ANPR_TEST_MODELS");
    if (!dir || g_light) {
        printf("     (skipped: ANPR_TEST_MODELS not set)\n");
        return;
    }
    char det[4096], rec[4096];
    snprintf(det, sizeof det, "%s/detector.onnx", dir);
    snprintf(rec, sizeof rec, "%s/recognizer.onnx", dir);
    size_t det_len = 0;
    unsigned char *det_bytes = read_all(det, &det_len);
    CHECK(det_bytes != NULL);
    if (!det_bytes) return;
    anpr_engine_builder *b = anpr_engine_builder_new();
    CHECK_STATUS(anpr_engine_builder_set_detector_bytes(b, det_bytes, det_len), ANPR_STATUS_OK);
    free(det_bytes); /* the builder copied the bytes */
    CHECK_STATUS(anpr_engine_builder_set_recognizer_path(b, rec), ANPR_STATUS_OK);
    anpr_engine *e = NULL;
    CHECK_STATUS(anpr_engine_new(b, &e), ANPR_STATUS_OK);
    anpr_engine_builder_free(b);
    anpr_results *r = NULL;
    CHECK_STATUS(anpr_engine_read_encoded(e, g_png, g_png_len, &r), ANPR_STATUS_OK);
    anpr_results_free(r);
    anpr_engine_free(e);
}

static void test_read_raw_errors(void) {
    frame_t f = make_frame(ANPR_PIXEL_FORMAT_RGB8);
    anpr_results *r = (anpr_results *)0x1;
    const size_t row = FW * 3;
    CHECK_FAILS_WITH(anpr_engine_read(NULL, f.data, f.len, FW, FH, f.stride, f.format, NULL, &r),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK(r == NULL);
    r = (anpr_results *)0x1;
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, NULL, f.len, FW, FH, f.stride, f.format, NULL, &r),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK(r == NULL);
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, f.len, FW, FH, f.stride, f.format, NULL, NULL),
                     ANPR_STATUS_NULL_ARGUMENT);
    /* bad sizes */
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, f.len, 0, FH, f.stride, f.format, NULL, &r),
                     ANPR_STATUS_INVALID_IMAGE);
    CHECK(r == NULL);
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, f.len, FW, 0, f.stride, f.format, NULL, &r),
                     ANPR_STATUS_INVALID_IMAGE);
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, f.len, FW, FH, row - 1, f.format, NULL, &r),
                     ANPR_STATUS_INVALID_IMAGE);
    CHECK(strstr(anpr_last_error_message(), "stride") != NULL);
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, f.len - f.stride, FW, FH, f.stride, f.format, NULL, &r),
                     ANPR_STATUS_INVALID_IMAGE);
    CHECK(strstr(anpr_last_error_message(), "too short") != NULL);
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, 0, FW, FH, f.stride, f.format, NULL, &r),
                     ANPR_STATUS_INVALID_IMAGE);
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, f.len, UINT32_MAX, UINT32_MAX, SIZE_MAX, f.format, NULL, &r),
                     ANPR_STATUS_INVALID_IMAGE);
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, SIZE_MAX, FW, FH, f.stride, f.format, NULL, &r),
                     ANPR_STATUS_INVALID_ARGUMENT);
    /* bad formats */
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, f.len, FW, FH, f.stride, 6, NULL, &r),
                     ANPR_STATUS_INVALID_IMAGE);
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, f.len, FW, FH, f.stride, UINT32_MAX, NULL, &r),
                     ANPR_STATUS_INVALID_IMAGE);
    CHECK(strstr(anpr_last_error_message(), "pixel format") != NULL);
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, f.len, FW - 1, FH, f.stride, ANPR_PIXEL_FORMAT_NV12, NULL, &r),
                     ANPR_STATUS_INVALID_IMAGE);
    /* bad regions of interest */
    anpr_roi outside = {300, 200, 100, 100};
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, f.len, FW, FH, f.stride, f.format, &outside, &r),
                     ANPR_STATUS_INVALID_ARGUMENT);
    CHECK(strstr(anpr_last_error_message(), "region of interest") != NULL);
    anpr_roi empty = {10, 10, 0, 0};
    CHECK_FAILS_WITH(anpr_engine_read(g_engine, f.data, f.len, FW, FH, f.stride, f.format, &empty, &r),
                     ANPR_STATUS_INVALID_ARGUMENT);
    CHECK(r == NULL);
    free_frame(&f);
}

static void test_read_every_pixel_format(void) {
    char rgb_plates[8192] = "";
    for (uint32_t fmt = ANPR_PIXEL_FORMAT_GRAY8; fmt <= ANPR_PIXEL_FORMAT_NV12; fmt++) {
        if (g_light && fmt != ANPR_PIXEL_FORMAT_BGRA8 && fmt != ANPR_PIXEL_FORMAT_NV12) continue;
        frame_t f = make_frame(fmt);
        anpr_results *r = NULL;
        CHECK_STATUS(anpr_engine_read(g_engine, f.data, f.len, FW, FH, f.stride, fmt, NULL, &r), ANPR_STATUS_OK);
        CHECK(r != NULL);
        CHECK(anpr_results_count(r) <= 8);
        printf("     (format %u: %zu plate(s)%s%s)\n", (unsigned)fmt, anpr_results_count(r),
               anpr_results_count(r) ? ", first " : "", anpr_results_count(r) ? anpr_results_text(r, 0) : "");
        /* the same colour pixels in RGB, BGR, RGBA and BGRA must give the same plates */
        const char *json = NULL;
        CHECK_STATUS(anpr_results_json(r, &json), ANPR_STATUS_OK);
        size_t plates_len = json ? plates_prefix_len(json) : 0;
        if (fmt == ANPR_PIXEL_FORMAT_RGB8 && plates_len < sizeof rgb_plates) {
            memcpy(rgb_plates, json, plates_len);
            rgb_plates[plates_len] = '\0';
        } else if (!g_light &&
                   (fmt == ANPR_PIXEL_FORMAT_BGR8 || fmt == ANPR_PIXEL_FORMAT_RGBA8 || fmt == ANPR_PIXEL_FORMAT_BGRA8)) {
            CHECK(json && strlen(rgb_plates) == plates_len && strncmp(json, rgb_plates, plates_len) == 0);
        }
        uint64_t total = 0;
        CHECK_STATUS(anpr_results_timing(r, ANPR_STAGE_TOTAL, &total), ANPR_STATUS_OK);
        CHECK(total > 0);
        anpr_results_free(r);
        /* with a region of interest */
        if (g_light && fmt != ANPR_PIXEL_FORMAT_NV12) {
            free_frame(&f);
            continue;
        }
        anpr_roi roi = {80, 120, 160, 100};
        r = NULL;
        CHECK_STATUS(anpr_engine_read(g_engine, f.data, f.len, FW, FH, f.stride, fmt, &roi, &r), ANPR_STATUS_OK);
        CHECK(r != NULL);
        anpr_results_free(r);
        free_frame(&f);
    }
}

static void test_read_encoded_and_file(void) {
    anpr_results *r = NULL;
    CHECK_STATUS(anpr_engine_read_encoded(g_engine, g_png, g_png_len, &r), ANPR_STATUS_OK);
    CHECK(r != NULL);
    anpr_results_free(r);
    r = NULL;
    CHECK_STATUS(anpr_engine_read_file(g_engine, g_png_path, &r), ANPR_STATUS_OK);
    CHECK(r != NULL);
    anpr_results_free(r);

    /* corrupt input */
    r = (anpr_results *)0x1;
    CHECK_FAILS_WITH(anpr_engine_read_encoded(g_engine, g_png, g_png_len / 2, &r), ANPR_STATUS_IMAGE_DECODE);
    CHECK(r == NULL);
    unsigned char *flipped = malloc(g_png_len);
    memcpy(flipped, g_png, g_png_len);
    for (size_t i = 16; i < g_png_len; i += 7) flipped[i] ^= 0x5a;
    CHECK_FAILS_WITH(anpr_engine_read_encoded(g_engine, flipped, g_png_len, &r), ANPR_STATUS_IMAGE_DECODE);
    free(flipped);
    const unsigned char jpeg_header_only[] = {0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0};
    CHECK_FAILS_WITH(anpr_engine_read_encoded(g_engine, jpeg_header_only, sizeof jpeg_header_only, &r),
                     ANPR_STATUS_IMAGE_DECODE);
    CHECK_FAILS_WITH(anpr_engine_read_encoded(g_engine, g_png, 0, &r), ANPR_STATUS_IMAGE_DECODE);
    CHECK_FAILS_WITH(anpr_engine_read_encoded(g_engine, NULL, 10, &r), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_read_encoded(g_engine, NULL, 0, &r), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_read_encoded(NULL, g_png, g_png_len, &r), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_read_encoded(g_engine, g_png, g_png_len, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(r == NULL);

    CHECK_FAILS_WITH(anpr_engine_read_file(g_engine, "/nonexistent/frame.png", &r), ANPR_STATUS_IO);
    CHECK(strstr(anpr_last_error_message(), "/nonexistent/frame.png") != NULL);
    char not_an_image[] = "/tmp/anpr-test-XXXXXX";
    int fd = mkstemp(not_an_image);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(write(fd, "plain text, not an image\n", 25) == 25);
        close(fd);
        CHECK_FAILS_WITH(anpr_engine_read_file(g_engine, not_an_image, &r), ANPR_STATUS_IMAGE_DECODE);
        CHECK(strstr(anpr_last_error_message(), not_an_image) != NULL);
        unlink(not_an_image);
    }
    CHECK_FAILS_WITH(anpr_engine_read_file(g_engine, NULL, &r), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_read_file(g_engine, "", &r), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_read_file(NULL, g_png_path, &r), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_read_file(g_engine, g_png_path, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(r == NULL);
}

/* An engine that also reads the corner tiles builds and reads; what it finds is asserted in the Rust tests. */
static void test_detector_tiles(void) {
    anpr_engine_builder *b = anpr_engine_builder_new();
    CHECK_STATUS(anpr_engine_builder_set_ort_library(b, ort_path()), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_threads(b, 1), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_max_plates(b, 3), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_builder_set_detector_tiles(b, true), ANPR_STATUS_OK);
    anpr_engine *e = NULL;
    CHECK_STATUS(anpr_engine_new(b, &e), ANPR_STATUS_OK);
    anpr_engine_builder_free(b);
    if (!e) return;
    anpr_results *r = NULL;
    CHECK_STATUS(anpr_engine_read_encoded(e, g_png, g_png_len, &r), ANPR_STATUS_OK);
    CHECK(r != NULL);
    CHECK(anpr_results_count(r) <= 3);
    anpr_results_free(r);
    anpr_engine_free(e);
}

static const anpr_quad plate_quads[2] = {
    {{{160, 180}, {320, 180}, {320, 216}, {160, 216}}}, /* the plate */
    {{{20, 20}, {140, 24}, {138, 54}, {18, 50}}},       /* background: may read nothing */
};

/* Every accessor on results with plates (read at known positions, so there are plates even with dev models). */
static void test_results_accessors(void) {
    frame_t f = make_frame(ANPR_PIXEL_FORMAT_BGR8);
    anpr_results *r = NULL;
    CHECK_STATUS(anpr_engine_read_quads(g_engine, f.data, f.len, FW, FH, f.stride, f.format, plate_quads, 2, &r),
                 ANPR_STATUS_OK);
    size_t n = anpr_results_count(r);
    CHECK(n <= 2);
    printf("     (%zu plate(s) read at 2 given quads: \"%s\")\n", n, n ? anpr_results_text(r, 0) : "");
    if (n == 0) printf("     (note: the bundled recognizer read no text at the given quads)\n");
    for (size_t i = 0; i < n; i++) {
        const char *text = anpr_results_text(r, i);
        const char *display = anpr_results_display(r, i);
        CHECK(text != NULL && text[0] != '\0');
        CHECK(display != NULL && display[0] != '\0');
        for (const char *c = text; c && *c; c++) CHECK((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9'));

        float conf = -1, det = -1;
        CHECK_STATUS(anpr_results_confidence(r, i, &conf), ANPR_STATUS_OK);
        CHECK(conf >= 0 && conf <= 1);
        CHECK_STATUS(anpr_results_detection_score(r, i, &det), ANPR_STATUS_OK);
        CHECK(det == 1.0f); /* read at known positions */

        const float *chars = NULL;
        size_t n_chars = 99;
        CHECK_STATUS(anpr_results_char_confidences(r, i, &chars, &n_chars), ANPR_STATUS_OK);
        CHECK(chars != NULL && n_chars == strlen(text));
        for (size_t k = 0; k < n_chars; k++) CHECK(chars[k] >= 0 && chars[k] <= 1);

        anpr_bbox box;
        anpr_quad corners;
        CHECK_STATUS(anpr_results_box(r, i, &box), ANPR_STATUS_OK);
        CHECK_STATUS(anpr_results_corners(r, i, &corners), ANPR_STATUS_OK);
        CHECK(box.x1 <= box.x2 && box.y1 <= box.y2);
        CHECK(memcmp(&corners, &plate_quads[i], sizeof corners) == 0 || n < 2);

        anpr_format fmt;
        CHECK_STATUS(anpr_results_format(r, i, &fmt), ANPR_STATUS_OK);
        CHECK((fmt.country == NULL) == (fmt.name == NULL));
        if (fmt.country == NULL) CHECK(fmt.sidecode == 0);

        size_t nc = anpr_results_candidate_count(r, i);
        CHECK(nc >= 1 && nc <= 3 + 1); /* top_n, plus the unconstrained reading when it ranks lower */
        for (size_t j = 0; j < nc; j++) {
            const char *ct = NULL;
            float score = -1;
            anpr_format cf;
            CHECK_STATUS(anpr_results_candidate(r, i, j, &ct, &score, &cf), ANPR_STATUS_OK);
            CHECK(ct != NULL && score >= 0 && score <= 1);
            if (j == 0) CHECK(ct && strcmp(ct, text) == 0);
        }
        const char *ct = NULL;
        CHECK_STATUS(anpr_results_candidate(r, i, 0, &ct, NULL, NULL), ANPR_STATUS_OK); /* optional outputs */
        CHECK_FAILS_WITH(anpr_results_candidate(r, i, nc, &ct, NULL, NULL), ANPR_STATUS_OUT_OF_RANGE);
        CHECK(ct == NULL);
        CHECK_FAILS_WITH(anpr_results_candidate(r, i, 0, NULL, NULL, NULL), ANPR_STATUS_NULL_ARGUMENT);
    }
    for (uint32_t s = ANPR_STAGE_PREPROCESS; s <= ANPR_STAGE_TOTAL; s++) {
        uint64_t us = 1234567;
        CHECK_STATUS(anpr_results_timing(r, s, &us), ANPR_STATUS_OK);
        CHECK(us != 1234567);
    }
    const char *json = NULL, *json2 = NULL;
    CHECK_STATUS(anpr_results_json(r, &json), ANPR_STATUS_OK);
    CHECK(json != NULL && strncmp(json, "{\"plates\":[", 11) == 0 && strstr(json, "\"timings\":") != NULL);
    CHECK_STATUS(anpr_results_json(r, &json2), ANPR_STATUS_OK);
    CHECK(json2 == json); /* made once, owned by the results */
    for (size_t i = 0; i < n; i++) CHECK(strstr(json, anpr_results_text(r, i)) != NULL);
    anpr_results_free(r);

    /* no quads: no plates */
    r = NULL;
    CHECK_STATUS(anpr_engine_read_quads(g_engine, f.data, f.len, FW, FH, f.stride, f.format, NULL, 0, &r),
                 ANPR_STATUS_OK);
    CHECK(anpr_results_count(r) == 0);
    anpr_results_free(r);
    r = (anpr_results *)0x1;
    CHECK_FAILS_WITH(anpr_engine_read_quads(g_engine, f.data, f.len, FW, FH, f.stride, f.format, NULL, 2, &r),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK(r == NULL);
    CHECK_FAILS_WITH(anpr_engine_read_quads(NULL, f.data, f.len, FW, FH, f.stride, f.format, plate_quads, 2, &r),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_read_quads(g_engine, f.data, f.len, FW, FH, 1, f.format, plate_quads, 2, &r),
                     ANPR_STATUS_INVALID_IMAGE);
    CHECK_FAILS_WITH(anpr_engine_read_quads(g_engine, f.data, f.len, FW, FH, f.stride, 42, plate_quads, 2, &r),
                     ANPR_STATUS_INVALID_IMAGE);
    free_frame(&f);
}

static void test_results_null_and_out_of_range(void) {
    frame_t f = make_frame(ANPR_PIXEL_FORMAT_GRAY8);
    anpr_results *r = NULL;
    CHECK_STATUS(anpr_engine_read_quads(g_engine, f.data, f.len, FW, FH, f.stride, f.format, plate_quads, 1, &r),
                 ANPR_STATUS_OK);
    size_t n = anpr_results_count(r);
    float v = 5;
    uint64_t us = 5;
    const float *chars = (const float *)0x1;
    size_t n_chars = 5;
    anpr_bbox box = {1, 1, 1, 1};
    anpr_quad q;
    anpr_format fmt;
    const char *json = (const char *)0x1;

    /* NULL results: getters give NULL/0, status calls NULL_ARGUMENT */
    CHECK(anpr_results_count(NULL) == 0);
    CHECK(anpr_results_text(NULL, 0) == NULL);
    CHECK(anpr_results_display(NULL, 0) == NULL);
    CHECK(anpr_results_candidate_count(NULL, 0) == 0);
    CHECK_FAILS_WITH(anpr_results_confidence(NULL, 0, &v), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(v == 0);
    CHECK_FAILS_WITH(anpr_results_detection_score(NULL, 0, &v), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_results_char_confidences(NULL, 0, &chars, &n_chars), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(chars == NULL && n_chars == 0);
    CHECK_FAILS_WITH(anpr_results_box(NULL, 0, &box), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(box.x1 == 0 && box.x2 == 0);
    CHECK_FAILS_WITH(anpr_results_corners(NULL, 0, &q), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_results_format(NULL, 0, &fmt), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(fmt.country == NULL && fmt.name == NULL);
    CHECK_FAILS_WITH(anpr_results_timing(NULL, ANPR_STAGE_TOTAL, &us), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(us == 0);
    CHECK_FAILS_WITH(anpr_results_json(NULL, &json), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(json == NULL);

    /* NULL out-pointers */
    CHECK_FAILS_WITH(anpr_results_confidence(r, 0, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_results_detection_score(r, 0, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_results_char_confidences(r, 0, NULL, &n_chars), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_results_char_confidences(r, 0, &chars, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_results_box(r, 0, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_results_corners(r, 0, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_results_format(r, 0, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_results_timing(r, 0, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_results_json(r, NULL), ANPR_STATUS_NULL_ARGUMENT);

    /* out of range */
    CHECK(anpr_results_text(r, n) == NULL);
    CHECK(anpr_results_display(r, SIZE_MAX) == NULL);
    CHECK(anpr_results_candidate_count(r, n) == 0);
    v = 5;
    CHECK_FAILS_WITH(anpr_results_confidence(r, n, &v), ANPR_STATUS_OUT_OF_RANGE);
    CHECK(v == 0);
    CHECK(strstr(anpr_last_error_message(), "out of range") != NULL);
    CHECK_FAILS_WITH(anpr_results_detection_score(r, n, &v), ANPR_STATUS_OUT_OF_RANGE);
    CHECK_FAILS_WITH(anpr_results_char_confidences(r, n, &chars, &n_chars), ANPR_STATUS_OUT_OF_RANGE);
    CHECK_FAILS_WITH(anpr_results_box(r, n, &box), ANPR_STATUS_OUT_OF_RANGE);
    CHECK_FAILS_WITH(anpr_results_corners(r, SIZE_MAX, &q), ANPR_STATUS_OUT_OF_RANGE);
    CHECK_FAILS_WITH(anpr_results_format(r, n, &fmt), ANPR_STATUS_OUT_OF_RANGE);
    const char *ct = (const char *)0x1;
    CHECK_FAILS_WITH(anpr_results_candidate(r, n, 0, &ct, &v, &fmt), ANPR_STATUS_OUT_OF_RANGE);
    CHECK(ct == NULL);
    CHECK_FAILS_WITH(anpr_results_timing(r, 6, &us), ANPR_STATUS_OUT_OF_RANGE);
    CHECK_FAILS_WITH(anpr_results_timing(r, UINT32_MAX, &us), ANPR_STATUS_OUT_OF_RANGE);
    anpr_results_free(r);
    free_frame(&f);
}

/* ---------- hotlists, matching, privacy ---------- */

static const char HOTLIST_CSV[] =
    "plate,list,reference,reason,valid_from,expires\n"
    "12-ABC-3,stolen_vehicle,PV-1,stolen from driveway,,\n"
    "99-XYZ-9,missing_person,MP-7,\"vulnerable adult, call 112\",2026-01-01,2027-01-01\n";

enum { T_2026_06_01 = 1780272000 }; /* 2026-06-01T00:00:00Z */

static void test_hotlist_load_add_remove_swap(void) {
    anpr_hotlist *h = NULL, *next = NULL;
    CHECK_FAILS_WITH(anpr_hotlist_new(NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(anpr_hotlist_new(&h), ANPR_STATUS_OK);
    CHECK(anpr_hotlist_len(h) == 0);
    CHECK(anpr_hotlist_len(NULL) == 0);
    size_t rejected = 99;
    CHECK_STATUS(anpr_hotlist_load_csv_buffer(h, (const uint8_t *)HOTLIST_CSV, strlen(HOTLIST_CSV), true, &rejected),
                 ANPR_STATUS_OK);
    CHECK(rejected == 0);
    CHECK(anpr_hotlist_len(h) == 2);

    /* bad CSV: strict fails whole, lenient skips the line */
    static const char bad[] = "plate,list\n12ABC3,stolen_vehicle\nXX,no_such_list\n";
    CHECK_FAILS_WITH(anpr_hotlist_load_csv_buffer(h, (const uint8_t *)bad, strlen(bad), true, &rejected),
                     ANPR_STATUS_HOTLIST);
    CHECK(strstr(anpr_last_error_message(), "line 3") != NULL);
    CHECK(anpr_hotlist_len(h) == 2); /* unchanged */
    static const char no_header[] = "";
    CHECK_FAILS_WITH(anpr_hotlist_load_csv_buffer(h, (const uint8_t *)no_header, 0, false, NULL), ANPR_STATUS_HOTLIST);
    static const char bad_column[] = "plate,list,expire\n12ABC3,stolen_vehicle,2026-01-01\n";
    CHECK_FAILS_WITH(anpr_hotlist_load_csv_buffer(h, (const uint8_t *)bad_column, strlen(bad_column), false, NULL),
                     ANPR_STATUS_HOTLIST);
    CHECK_FAILS_WITH(anpr_hotlist_load_csv_buffer(h, NULL, 10, false, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_hotlist_load_csv_buffer(NULL, (const uint8_t *)bad, 3, false, NULL),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_hotlist_load_csv_file(h, "/nonexistent/hotlist.csv", false, NULL), ANPR_STATUS_IO);
    CHECK_FAILS_WITH(anpr_hotlist_load_csv_file(h, NULL, false, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(anpr_hotlist_len(h) == 2);

    /* a file */
    char path[] = "/tmp/anpr-hotlist-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(write(fd, HOTLIST_CSV, strlen(HOTLIST_CSV)) == (ssize_t)strlen(HOTLIST_CSV));
        close(fd);
        CHECK_STATUS(anpr_hotlist_new(&next), ANPR_STATUS_OK);
        CHECK_STATUS(anpr_hotlist_load_csv_file(next, path, false, &rejected), ANPR_STATUS_OK);
        CHECK(rejected == 0 && anpr_hotlist_len(next) == 2);
        unlink(path);
    }

    /* add, replace, remove */
    CHECK_STATUS(anpr_hotlist_add(h, "34-DEF-5", "unpaid_fine", "F-1", NULL, ANPR_TIME_NONE, ANPR_TIME_NONE),
                 ANPR_STATUS_OK);
    CHECK(anpr_hotlist_len(h) == 3);
    CHECK_STATUS(anpr_hotlist_add(h, "34DEF5", "unpaid_fine", "F-2", "paid?", ANPR_TIME_NONE, ANPR_TIME_NONE),
                 ANPR_STATUS_OK);
    CHECK(anpr_hotlist_len(h) == 3); /* upsert */
    CHECK(anpr_hotlist_add(h, "34DEF5", "no_such_list", NULL, NULL, ANPR_TIME_NONE, ANPR_TIME_NONE) != ANPR_STATUS_OK);
    CHECK(anpr_hotlist_add(h, "!!", "unpaid_fine", NULL, NULL, ANPR_TIME_NONE, ANPR_TIME_NONE) != ANPR_STATUS_OK);
    CHECK(anpr_hotlist_add(h, "56GHJ7", "unpaid_fine", NULL, NULL, 2000000000, 1000000000) != ANPR_STATUS_OK);
    CHECK_FAILS_WITH(anpr_hotlist_add(h, NULL, "unpaid_fine", NULL, NULL, ANPR_TIME_NONE, ANPR_TIME_NONE),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_hotlist_add(h, "56GHJ7", NULL, NULL, NULL, ANPR_TIME_NONE, ANPR_TIME_NONE),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_hotlist_add(h, "56GHJ7", "unpaid_fine", NULL, NULL, INT64_MAX, ANPR_TIME_NONE),
                     ANPR_STATUS_INVALID_ARGUMENT);
    CHECK(anpr_hotlist_len(h) == 3);
    CHECK_STATUS(anpr_hotlist_remove(h, "unpaid_fine", "34-DEF-5"), ANPR_STATUS_OK);
    CHECK(anpr_hotlist_len(h) == 2);
    CHECK_STATUS(anpr_hotlist_remove(h, "unpaid_fine", "34-DEF-5"), ANPR_STATUS_OK); /* absent: fine */
    CHECK_FAILS_WITH(anpr_hotlist_remove(h, NULL, "34DEF5"), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_hotlist_remove(NULL, "unpaid_fine", "34DEF5"), ANPR_STATUS_NULL_ARGUMENT);

    /* swap */
    CHECK_STATUS(anpr_hotlist_add(next, "77-KLM-8", "wanted_person", "W-1", NULL, ANPR_TIME_NONE, ANPR_TIME_NONE),
                 ANPR_STATUS_OK);
    CHECK_STATUS(anpr_hotlist_swap(h, next), ANPR_STATUS_OK);
    CHECK(anpr_hotlist_len(h) == 3 && anpr_hotlist_len(next) == 3);
    CHECK_FAILS_WITH(anpr_hotlist_swap(h, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_hotlist_swap(NULL, next), ANPR_STATUS_NULL_ARGUMENT);
    anpr_hotlist_free(next);
    anpr_hotlist_free(h);
    anpr_hotlist_free(NULL);
}

static void test_hotlist_match(void) {
    anpr_hotlist *h = NULL;
    CHECK_STATUS(anpr_hotlist_new(&h), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_hotlist_load_csv_buffer(h, (const uint8_t *)HOTLIST_CSV, strlen(HOTLIST_CSV), true, NULL),
                 ANPR_STATUS_OK);
    anpr_hits *hits = NULL;
    CHECK_STATUS(anpr_hotlist_match_text(h, "12-ABC-3", T_2026_06_01, true, &hits), ANPR_STATUS_OK);
    CHECK(anpr_hits_count(hits) == 1);
    const char *list = NULL, *category = NULL, *reference = NULL, *reason = NULL, *plate = NULL, *read = NULL;
    CHECK_STATUS(anpr_hits_strings(hits, 0, &list, &category, &reference, &reason, &plate, &read), ANPR_STATUS_OK);
    CHECK(list && strcmp(list, "stolen_vehicle") == 0);
    CHECK(category && strcmp(category, "stolen_vehicle") == 0);
    CHECK(reference && strcmp(reference, "PV-1") == 0);
    CHECK(reason && strcmp(reason, "stolen from driveway") == 0);
    CHECK(plate && strcmp(plate, "12ABC3") == 0);
    CHECK(read && strcmp(read, "12ABC3") == 0);
    uint32_t urgency = 99, kind = 99;
    float score = -1;
    bool alternative = true;
    int64_t expires = 0;
    CHECK_STATUS(anpr_hits_info(hits, 0, &urgency, &kind, &score, &alternative, &expires), ANPR_STATUS_OK);
    CHECK(urgency == ANPR_URGENCY_ELEVATED && kind == ANPR_MATCH_EXACT && score == 1.0f && !alternative);
    CHECK(expires == ANPR_TIME_NONE);
    CHECK(anpr_hits_json(hits) != NULL && strstr(anpr_hits_json(hits), "PV-1") != NULL);
    CHECK_FAILS_WITH(anpr_hits_strings(hits, 1, &list, NULL, NULL, NULL, NULL, NULL), ANPR_STATUS_OUT_OF_RANGE);
    CHECK(list == NULL);
    CHECK_FAILS_WITH(anpr_hits_info(hits, 1, &urgency, NULL, NULL, NULL, NULL), ANPR_STATUS_OUT_OF_RANGE);
    CHECK_FAILS_WITH(anpr_hits_strings(NULL, 0, &list, NULL, NULL, NULL, NULL, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_hits_info(NULL, 0, NULL, NULL, NULL, NULL, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(anpr_hits_count(NULL) == 0 && anpr_hits_json(NULL) == NULL);
    anpr_hits_free(hits);

    /* look-alike (8 for B) only when tolerant; the missing person's entry only in its validity window */
    hits = NULL;
    CHECK_STATUS(anpr_hotlist_match_text(h, "12A8C3", T_2026_06_01, true, &hits), ANPR_STATUS_OK);
    CHECK(anpr_hits_count(hits) == 0);
    anpr_hits_free(hits);
    CHECK_STATUS(anpr_hotlist_match_text(h, "12A8C3", T_2026_06_01, false, &hits), ANPR_STATUS_OK);
    CHECK(anpr_hits_count(hits) == 1);
    CHECK_STATUS(anpr_hits_info(hits, 0, NULL, &kind, NULL, NULL, NULL), ANPR_STATUS_OK);
    CHECK(kind == ANPR_MATCH_LOOKALIKE);
    anpr_hits_free(hits);
    CHECK_STATUS(anpr_hotlist_match_text(h, "99XYZ9", T_2026_06_01, true, &hits), ANPR_STATUS_OK);
    CHECK(anpr_hits_count(hits) == 1);
    CHECK_STATUS(anpr_hits_info(hits, 0, &urgency, NULL, NULL, NULL, &expires), ANPR_STATUS_OK);
    CHECK(urgency == ANPR_URGENCY_IMMEDIATE && expires == 1798761600);
    anpr_hits_free(hits);
    CHECK_STATUS(anpr_hotlist_match_text(h, "99XYZ9", 1700000000, true, &hits), ANPR_STATUS_OK);
    CHECK(anpr_hits_count(hits) == 0);
    anpr_hits_free(hits);

    hits = (anpr_hits *)0x1;
    CHECK_FAILS_WITH(anpr_hotlist_match_text(h, NULL, T_2026_06_01, true, &hits), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(hits == NULL);
    CHECK_FAILS_WITH(anpr_hotlist_match_text(h, "12ABC3", ANPR_TIME_NONE, true, &hits), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(anpr_hotlist_match_text(h, "!!", T_2026_06_01, true, &hits), ANPR_STATUS_INVALID_PLATE);
    CHECK_FAILS_WITH(anpr_hotlist_match_text(NULL, "12ABC3", T_2026_06_01, true, &hits), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_hotlist_match_text(h, "12ABC3", T_2026_06_01, true, NULL), ANPR_STATUS_NULL_ARGUMENT);

    /* batch counts agree with one-at-a-time matching; bad texts count 0, bad arguments write nothing */
    {
        const char *texts[] = {"12-ABC-3", "12A8C3", "99XYZ9", "!!", "ZZ999Z"};
        size_t counts[5] = {7, 7, 7, 7, 7};
        CHECK_STATUS(anpr_hotlist_match_count_batch(h, texts, 5, T_2026_06_01, false, counts), ANPR_STATUS_OK);
        CHECK(counts[3] == 0 && counts[4] == 0);
        for (size_t i = 0; i < 5; i++) {
            if (i == 3) continue; /* "!!" is not a plate: match_text refuses it */
            anpr_hits *one = NULL;
            CHECK_STATUS(anpr_hotlist_match_text(h, texts[i], T_2026_06_01, false, &one), ANPR_STATUS_OK);
            CHECK(anpr_hits_count(one) == counts[i]);
            anpr_hits_free(one);
        }
        CHECK(counts[0] == 1 && counts[1] == 1);
        CHECK_STATUS(anpr_hotlist_match_count_batch(h, texts, 5, T_2026_06_01, true, counts), ANPR_STATUS_OK);
        CHECK(counts[0] == 1 && counts[1] == 0);
        size_t untouched[2] = {7, 7};
        const char *with_null[] = {"12ABC3", NULL};
        CHECK_FAILS_WITH(anpr_hotlist_match_count_batch(h, with_null, 2, T_2026_06_01, true, untouched),
                         ANPR_STATUS_NULL_ARGUMENT);
        CHECK(untouched[0] == 7 && untouched[1] == 7);
        CHECK_FAILS_WITH(anpr_hotlist_match_count_batch(h, texts, 2, ANPR_TIME_NONE, true, untouched),
                         ANPR_STATUS_INVALID_ARGUMENT);
        CHECK(untouched[0] == 7);
        CHECK_FAILS_WITH(anpr_hotlist_match_count_batch(h, NULL, 2, T_2026_06_01, true, untouched),
                         ANPR_STATUS_NULL_ARGUMENT);
        CHECK_FAILS_WITH(anpr_hotlist_match_count_batch(h, texts, 2, T_2026_06_01, true, NULL),
                         ANPR_STATUS_NULL_ARGUMENT);
        CHECK_FAILS_WITH(anpr_hotlist_match_count_batch(NULL, texts, 2, T_2026_06_01, true, untouched),
                         ANPR_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(anpr_hotlist_match_count_batch(h, NULL, 0, T_2026_06_01, true, NULL), ANPR_STATUS_OK);
    }

    /* matching results: put the first read plate on the list, then it must hit */
    frame_t f = make_frame(ANPR_PIXEL_FORMAT_RGB8);
    anpr_results *r = NULL;
    CHECK_STATUS(anpr_engine_read_quads(g_engine, f.data, f.len, FW, FH, f.stride, f.format, plate_quads, 1, &r),
                 ANPR_STATUS_OK);
    if (anpr_results_count(r) > 0) {
        CHECK_STATUS(anpr_hotlist_add(h, anpr_results_text(r, 0), "wanted_person", "W-9", NULL, ANPR_TIME_NONE,
                                      ANPR_TIME_NONE),
                     ANPR_STATUS_OK);
        CHECK_STATUS(anpr_hotlist_match(h, r, 0, T_2026_06_01, &hits), ANPR_STATUS_OK);
        CHECK(anpr_hits_count(hits) >= 1);
        anpr_hits_free(hits);
    }
    CHECK_FAILS_WITH(anpr_hotlist_match(h, r, 99, T_2026_06_01, &hits), ANPR_STATUS_OUT_OF_RANGE);
    CHECK(hits == NULL);
    CHECK_FAILS_WITH(anpr_hotlist_match(h, NULL, 0, T_2026_06_01, &hits), ANPR_STATUS_NULL_ARGUMENT);
    anpr_results_free(r);
    free_frame(&f);
    anpr_hotlist_free(h);
}

static void test_privacy(void) {
    anpr_retention_policy *policy = NULL;
    anpr_pseudonymizer *pseudo = NULL;
    anpr_hotlist *h = NULL;
    CHECK_STATUS(anpr_retention_policy_new(&policy), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_retention_policy_set_hit(policy, 7 * 86400), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_retention_policy_set_image(policy, 86400), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_retention_policy_set_no_hit(policy, 60), ANPR_STATUS_OK);
    CHECK_FAILS_WITH(anpr_retention_policy_set_hit(policy, 29 * 86400), ANPR_STATUS_POLICY);
    CHECK_FAILS_WITH(anpr_retention_policy_set_hit(policy, UINT64_MAX), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(anpr_retention_policy_set_hit(NULL, 60), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_retention_policy_new(NULL), ANPR_STATUS_NULL_ARGUMENT);

    const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
    CHECK_FAILS_WITH(anpr_pseudonymizer_new(key, 8, 86400, &pseudo), ANPR_STATUS_POLICY);
    CHECK(pseudo == NULL);
    CHECK_FAILS_WITH(anpr_pseudonymizer_new(key, 32, 10, &pseudo), ANPR_STATUS_POLICY);
    CHECK_FAILS_WITH(anpr_pseudonymizer_new(NULL, 32, 86400, &pseudo), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(anpr_pseudonymizer_new(key, 32, 86400, &pseudo), ANPR_STATUS_OK);
    char a[ANPR_PSEUDONYM_LEN + 1], b[ANPR_PSEUDONYM_LEN + 1], small[8];
    int64_t period = 0;
    CHECK_STATUS(anpr_pseudonymizer_pseudonym(pseudo, "12-ABC-3", T_2026_06_01 + 100, a, sizeof a, &period),
                 ANPR_STATUS_OK);
    CHECK(strlen(a) == ANPR_PSEUDONYM_LEN && period == T_2026_06_01);
    CHECK_STATUS(anpr_pseudonymizer_pseudonym(pseudo, "12abc3", T_2026_06_01 + 5000, b, sizeof b, NULL),
                 ANPR_STATUS_OK);
    CHECK(strcmp(a, b) == 0); /* same plate, same period */
    CHECK_STATUS(anpr_pseudonymizer_pseudonym(pseudo, "12ABC3", T_2026_06_01 + 86400, b, sizeof b, NULL),
                 ANPR_STATUS_OK);
    CHECK(strcmp(a, b) != 0); /* next period */
    CHECK_FAILS_WITH(anpr_pseudonymizer_pseudonym(pseudo, "12ABC3", T_2026_06_01, small, sizeof small, NULL),
                     ANPR_STATUS_INVALID_ARGUMENT);
    CHECK(small[0] == '\0');
    CHECK_FAILS_WITH(anpr_pseudonymizer_pseudonym(pseudo, NULL, T_2026_06_01, a, sizeof a, NULL),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_pseudonymizer_pseudonym(pseudo, "12ABC3", T_2026_06_01, NULL, 33, NULL),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK(anpr_pseudonymizer_pseudonym(pseudo, "!!", T_2026_06_01, a, sizeof a, NULL) != ANPR_STATUS_OK);

    /* assess: no hit, then hit */
    CHECK_STATUS(anpr_hotlist_new(&h), ANPR_STATUS_OK);
    frame_t f = make_frame(ANPR_PIXEL_FORMAT_GRAY8);
    anpr_results *r = NULL;
    CHECK_STATUS(anpr_engine_read_quads(g_engine, f.data, f.len, FW, FH, f.stride, f.format, plate_quads, 1, &r),
                 ANPR_STATUS_OK);
    anpr_outcome *o = NULL;
    if (anpr_results_count(r) > 0) {
        uint32_t kind = 99, urgency = 99;
        int64_t delete_by = 0, image_delete_by = 0;
        CHECK_STATUS(anpr_assess(r, 0, h, policy, pseudo, T_2026_06_01, &o), ANPR_STATUS_OK);
        CHECK_STATUS(anpr_outcome_info(o, &kind, &delete_by, &image_delete_by, &urgency), ANPR_STATUS_OK);
        CHECK(kind == ANPR_OUTCOME_NO_HIT && delete_by == T_2026_06_01 + 60 && image_delete_by == ANPR_TIME_NONE);
        CHECK(anpr_outcome_plate(o) == NULL && anpr_outcome_display(o) == NULL && anpr_outcome_hits(o) == NULL);
        CHECK(anpr_outcome_pseudonym(o) != NULL && strlen(anpr_outcome_pseudonym(o)) == ANPR_PSEUDONYM_LEN);
        CHECK(strstr(anpr_outcome_json(o), "\"plate\"") == NULL); /* no plate text survives */
        CHECK(strstr(anpr_outcome_json(o), "\"outcome\":\"no_hit\"") != NULL);
        anpr_outcome_free(o);

        CHECK_STATUS(anpr_hotlist_add(h, anpr_results_text(r, 0), "missing_person", "MP-1", NULL, ANPR_TIME_NONE,
                                      ANPR_TIME_NONE),
                     ANPR_STATUS_OK);
        CHECK_STATUS(anpr_assess(r, 0, h, policy, NULL, T_2026_06_01, &o), ANPR_STATUS_OK);
        CHECK_STATUS(anpr_outcome_info(o, &kind, &delete_by, &image_delete_by, &urgency), ANPR_STATUS_OK);
        CHECK(kind == ANPR_OUTCOME_HIT && urgency == ANPR_URGENCY_IMMEDIATE);
        CHECK(delete_by == T_2026_06_01 + 7 * 86400 && image_delete_by == T_2026_06_01 + 86400);
        CHECK(anpr_outcome_plate(o) && strcmp(anpr_outcome_plate(o), anpr_results_text(r, 0)) == 0);
        CHECK(anpr_outcome_display(o) != NULL && anpr_outcome_pseudonym(o) == NULL);
        CHECK(anpr_hits_count(anpr_outcome_hits(o)) >= 1);
        CHECK(strstr(anpr_outcome_json(o), "\"outcome\":\"hit\"") != NULL);
        anpr_outcome_free(o);

        /* keep-all-passages */
        CHECK_STATUS(anpr_hotlist_remove(h, "missing_person", anpr_results_text(r, 0)), ANPR_STATUS_OK);
        CHECK_STATUS(anpr_retention_policy_set_keep_all_passages(policy, 86400), ANPR_STATUS_OK);
        CHECK_STATUS(anpr_assess(r, 0, h, policy, NULL, T_2026_06_01, &o), ANPR_STATUS_OK);
        CHECK_STATUS(anpr_outcome_info(o, &kind, NULL, NULL, NULL), ANPR_STATUS_OK);
        CHECK(kind == ANPR_OUTCOME_PASSAGE && anpr_outcome_plate(o) != NULL);
        anpr_outcome_free(o);
    }
    o = (anpr_outcome *)0x1;
    CHECK_FAILS_WITH(anpr_assess(r, 5, h, policy, NULL, T_2026_06_01, &o), ANPR_STATUS_OUT_OF_RANGE);
    CHECK(o == NULL);
    CHECK_FAILS_WITH(anpr_assess(r, 0, NULL, policy, NULL, T_2026_06_01, &o), anpr_results_count(r) ? ANPR_STATUS_NULL_ARGUMENT : ANPR_STATUS_OUT_OF_RANGE);
    CHECK_FAILS_WITH(anpr_assess(NULL, 0, h, policy, NULL, T_2026_06_01, &o), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_assess(r, 0, h, policy, NULL, T_2026_06_01, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_outcome_info(NULL, NULL, NULL, NULL, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(anpr_outcome_plate(NULL) == NULL && anpr_outcome_json(NULL) == NULL && anpr_outcome_hits(NULL) == NULL);
    anpr_outcome_free(NULL);
    anpr_results_free(r);
    free_frame(&f);
    anpr_hotlist_free(h);
    anpr_pseudonymizer_free(pseudo);
    anpr_pseudonymizer_free(NULL);
    anpr_retention_policy_free(policy);
    anpr_retention_policy_free(NULL);
}


static void test_read_and_match(void) {
    anpr_hotlist *h = NULL;
    anpr_retention_policy *policy = NULL;
    CHECK_STATUS(anpr_hotlist_new(&h), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_retention_policy_new(&policy), ANPR_STATUS_OK);
    frame_t f = make_frame(ANPR_PIXEL_FORMAT_NV12);
    /* list whatever the engine reads in this frame, so that the plates hit */
    anpr_results *r = NULL;
    CHECK_STATUS(anpr_engine_read(g_engine, f.data, f.len, FW, FH, f.stride, f.format, NULL, &r), ANPR_STATUS_OK);
    size_t n = anpr_results_count(r);
    printf("     (%zu plate(s) read in the NV12 frame)\n", n);
    for (size_t i = 0; i < n; i++)
        CHECK_STATUS(anpr_hotlist_add(h, anpr_results_text(r, i), "stolen_vehicle", "PV-X", NULL, ANPR_TIME_NONE,
                                      ANPR_TIME_NONE),
                     ANPR_STATUS_OK);
    anpr_results_free(r);

    anpr_outcomes *o = NULL;
    CHECK_STATUS(anpr_engine_read_and_match(g_engine, f.data, f.len, FW, FH, f.stride, f.format, NULL, h, policy, NULL,
                                            T_2026_06_01, &o),
                 ANPR_STATUS_OK);
    CHECK(anpr_outcomes_count(o) == n);
    for (size_t i = 0; i < anpr_outcomes_count(o); i++) {
        const anpr_outcome *one = anpr_outcomes_get(o, i);
        uint32_t kind = 99;
        CHECK_STATUS(anpr_outcome_info(one, &kind, NULL, NULL, NULL), ANPR_STATUS_OK);
        CHECK(kind == ANPR_OUTCOME_HIT && anpr_outcome_plate(one) != NULL);
        CHECK(anpr_hits_count(anpr_outcome_hits(one)) >= 1);
    }
    CHECK(anpr_outcomes_get(o, anpr_outcomes_count(o)) == NULL);
    CHECK(anpr_outcomes_json(o) != NULL && strncmp(anpr_outcomes_json(o), "{\"outcomes\":[", 13) == 0);
    anpr_outcomes_free(o);

    /* an empty hotlist: no plate text comes back at all */
    anpr_hotlist *empty = NULL;
    CHECK_STATUS(anpr_hotlist_new(&empty), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_engine_read_and_match(g_engine, f.data, f.len, FW, FH, f.stride, f.format, NULL, empty, policy,
                                            NULL, T_2026_06_01, &o),
                 ANPR_STATUS_OK);
    for (size_t i = 0; i < anpr_outcomes_count(o); i++) CHECK(anpr_outcome_plate(anpr_outcomes_get(o, i)) == NULL);
    CHECK(strstr(anpr_outcomes_json(o), "\"plate\"") == NULL);
    anpr_outcomes_free(o);
    anpr_hotlist_free(empty);

    /* errors */
    o = (anpr_outcomes *)0x1;
    CHECK_FAILS_WITH(anpr_engine_read_and_match(g_engine, f.data, f.len, FW, FH, f.stride, f.format, NULL, NULL, policy,
                                                NULL, T_2026_06_01, &o),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK(o == NULL);
    CHECK_FAILS_WITH(anpr_engine_read_and_match(g_engine, f.data, f.len, FW, FH, f.stride, f.format, NULL, h, NULL,
                                                NULL, T_2026_06_01, &o),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_read_and_match(g_engine, f.data, f.len - f.stride, FW, FH, f.stride, f.format, NULL, h,
                                                policy, NULL, T_2026_06_01, &o),
                     ANPR_STATUS_INVALID_IMAGE);
    CHECK_FAILS_WITH(anpr_engine_read_and_match(g_engine, f.data, f.len, FW, FH, f.stride, f.format, NULL, h, policy,
                                                NULL, ANPR_TIME_NONE, &o),
                     ANPR_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_read_and_match(NULL, f.data, f.len, FW, FH, f.stride, f.format, NULL, h, policy,
                                                NULL, T_2026_06_01, &o),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_engine_read_and_match(g_engine, f.data, f.len, FW, FH, f.stride, f.format, NULL, h, policy,
                                                NULL, T_2026_06_01, NULL),
                     ANPR_STATUS_NULL_ARGUMENT);
    CHECK(anpr_outcomes_count(NULL) == 0 && anpr_outcomes_get(NULL, 0) == NULL && anpr_outcomes_json(NULL) == NULL);
    anpr_outcomes_free(NULL);
    free_frame(&f);
    anpr_retention_policy_free(policy);
    anpr_hotlist_free(h);
}

/* ---------- tracker ---------- */

static void test_tracker(void) {
    anpr_tracker_config *c = anpr_tracker_config_new();
    CHECK(c != NULL);
    CHECK_STATUS(anpr_tracker_config_set_max_gap(c, 0.5), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_tracker_config_set_max_distance(c, 2.0f), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_tracker_config_set_early(c, -1.0f, 3), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_tracker_config_set_min_frames(c, 2), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_tracker_config_set_max_tracks(c, 16), ANPR_STATUS_OK);
    CHECK_FAILS_WITH(anpr_tracker_config_set_max_gap(NULL, 1.0), ANPR_STATUS_NULL_ARGUMENT);
    anpr_tracker *t = NULL;
    CHECK_STATUS(anpr_tracker_new(c, &t), ANPR_STATUS_OK);

    /* a car in 4 frames (same frame each time), then a gap: one pass */
    frame_t f = make_frame(ANPR_PIXEL_FORMAT_RGB8);
    anpr_results *r = NULL;
    CHECK_STATUS(anpr_engine_read_quads(g_engine, f.data, f.len, FW, FH, f.stride, f.format, plate_quads, 1, &r),
                 ANPR_STATUS_OK);
    size_t total = 0;
    for (int i = 0; i < 4; i++) {
        anpr_passes *p = NULL;
        CHECK_STATUS(anpr_tracker_update(t, 0.1 * i, r, &p), ANPR_STATUS_OK);
        total += anpr_passes_count(p);
        anpr_passes_free(p);
    }
    CHECK(anpr_tracker_len(t) == (anpr_results_count(r) > 0 ? 1u : 0u));
    anpr_passes *p = NULL;
    CHECK_STATUS(anpr_tracker_update(t, 5.0, NULL, &p), ANPR_STATUS_OK); /* empty frame after the gap */
    total += anpr_passes_count(p);
    if (anpr_results_count(r) > 0) {
        CHECK(total == 1 && anpr_passes_count(p) == 1);
        CHECK(anpr_passes_text(p, 0) && strcmp(anpr_passes_text(p, 0), anpr_results_text(r, 0)) == 0);
        CHECK(anpr_passes_display(p, 0) != NULL);
        uint64_t id = 99;
        float conf = -1;
        double first = -1, last = -1;
        uint32_t frames = 0, dir = 99;
        bool early = true;
        anpr_bbox box;
        CHECK_STATUS(anpr_passes_info(p, 0, &id, &conf, &first, &last, &frames, &dir, &early, &box), ANPR_STATUS_OK);
        CHECK(frames == 4 && first == 0.0 && last > 0.29 && last < 0.31 && !early && conf >= 0 && conf <= 1);
        CHECK(dir == ANPR_DIRECTION_UNKNOWN); /* it did not move */
        CHECK(box.x2 > box.x1);
        CHECK(strstr(anpr_passes_json(p), anpr_results_text(r, 0)) != NULL);
        CHECK_FAILS_WITH(anpr_passes_info(p, 1, &id, NULL, NULL, NULL, NULL, NULL, NULL, NULL), ANPR_STATUS_OUT_OF_RANGE);
        CHECK(anpr_passes_text(p, 1) == NULL);
    }
    anpr_passes_free(p);
    CHECK_STATUS(anpr_tracker_finish(t, &p), ANPR_STATUS_OK);
    CHECK(anpr_passes_count(p) == 0);
    anpr_passes_free(p);

    /* errors */
    p = (anpr_passes *)0x1;
    CHECK_FAILS_WITH(anpr_tracker_update(NULL, 0, r, &p), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(p == NULL);
    CHECK_FAILS_WITH(anpr_tracker_update(t, 0, r, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_tracker_finish(NULL, &p), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_passes_info(NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL), ANPR_STATUS_NULL_ARGUMENT);
    CHECK(anpr_passes_count(NULL) == 0 && anpr_passes_text(NULL, 0) == NULL && anpr_passes_json(NULL) == NULL);
    CHECK(anpr_tracker_len(NULL) == 0);
    anpr_tracker *bad = (anpr_tracker *)0x1;
    CHECK_STATUS(anpr_tracker_config_set_max_gap(c, -1.0), ANPR_STATUS_OK);
    CHECK_FAILS_WITH(anpr_tracker_new(c, &bad), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK(bad == NULL);
    CHECK_FAILS_WITH(anpr_tracker_new(NULL, NULL), ANPR_STATUS_NULL_ARGUMENT);
    anpr_tracker *defaults = NULL;
    CHECK_STATUS(anpr_tracker_new(NULL, &defaults), ANPR_STATUS_OK);
    anpr_tracker_free(defaults);
    anpr_tracker_free(t);
    anpr_tracker_free(NULL);
    anpr_tracker_config_free(c);
    anpr_tracker_config_free(NULL);
    anpr_passes_free(NULL);
    anpr_results_free(r);
    free_frame(&f);
}

static void test_pass_matcher(void) {
    /* one pass of the synthetic plate, matched twice within the window: one alert */
    anpr_tracker *t = NULL;
    CHECK_STATUS(anpr_tracker_new(NULL, &t), ANPR_STATUS_OK);
    frame_t f = make_frame(ANPR_PIXEL_FORMAT_RGB8);
    anpr_results *r = NULL;
    CHECK_STATUS(anpr_engine_read_quads(g_engine, f.data, f.len, FW, FH, f.stride, f.format, plate_quads, 1, &r),
                 ANPR_STATUS_OK);
    for (int i = 0; i < 3; i++) {
        anpr_passes *none = NULL;
        CHECK_STATUS(anpr_tracker_update(t, 0.1 * i, r, &none), ANPR_STATUS_OK);
        anpr_passes_free(none);
    }
    anpr_passes *p = NULL;
    CHECK_STATUS(anpr_tracker_finish(t, &p), ANPR_STATUS_OK);
    anpr_hotlist *h = NULL;
    CHECK_STATUS(anpr_hotlist_new(&h), ANPR_STATUS_OK);
    anpr_retention_policy *policy = NULL;
    CHECK_STATUS(anpr_retention_policy_new(&policy), ANPR_STATUS_OK);
    CHECK_STATUS(anpr_retention_policy_set_hit(policy, 2 * 86400), ANPR_STATUS_OK);
    anpr_pass_matcher *m = NULL;
    CHECK_STATUS(anpr_pass_matcher_new(60.0, 100, policy, &m), ANPR_STATUS_OK);
    anpr_outcome *o = NULL;
    bool alert = true;
    uint32_t kind = 99;
    int64_t delete_by = 0;
    if (anpr_passes_count(p) == 1) {
        CHECK_STATUS(anpr_pass_matcher_assess(m, p, 0, h, NULL, T_2026_06_01, &o, &alert), ANPR_STATUS_OK);
        CHECK_STATUS(anpr_outcome_info(o, &kind, NULL, NULL, NULL), ANPR_STATUS_OK);
        CHECK(kind == ANPR_OUTCOME_NO_HIT && !alert && anpr_outcome_plate(o) == NULL);
        CHECK(strstr(anpr_outcome_json(o), anpr_passes_text(p, 0)) == NULL); /* no text of a miss survives */
        anpr_outcome_free(o);

        CHECK_STATUS(anpr_hotlist_add(h, anpr_passes_text(p, 0), "stolen_vehicle", "PM-1", NULL, ANPR_TIME_NONE,
                                      ANPR_TIME_NONE),
                     ANPR_STATUS_OK);
        CHECK_STATUS(anpr_pass_matcher_assess(m, p, 0, h, NULL, T_2026_06_01, &o, &alert), ANPR_STATUS_OK);
        CHECK_STATUS(anpr_outcome_info(o, &kind, &delete_by, NULL, NULL), ANPR_STATUS_OK);
        CHECK(kind == ANPR_OUTCOME_HIT && alert && delete_by == T_2026_06_01 + 2 * 86400);
        CHECK(anpr_outcome_plate(o) && strcmp(anpr_outcome_plate(o), anpr_passes_text(p, 0)) == 0);
        anpr_outcome_free(o);
        /* the same pass again within the window: still a hit record, but no second alert */
        CHECK_STATUS(anpr_pass_matcher_assess(m, p, 0, h, NULL, T_2026_06_01, &o, &alert), ANPR_STATUS_OK);
        CHECK_STATUS(anpr_outcome_info(o, &kind, NULL, NULL, NULL), ANPR_STATUS_OK);
        CHECK(kind == ANPR_OUTCOME_HIT && !alert);
        anpr_outcome_free(o);
    }
    /* errors */
    o = (anpr_outcome *)0x1;
    alert = true;
    CHECK_FAILS_WITH(anpr_pass_matcher_assess(m, p, 7, h, NULL, T_2026_06_01, &o, &alert), ANPR_STATUS_OUT_OF_RANGE);
    CHECK(o == NULL && !alert);
    CHECK_FAILS_WITH(anpr_pass_matcher_assess(NULL, p, 0, h, NULL, T_2026_06_01, &o, &alert), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_pass_matcher_assess(m, NULL, 0, h, NULL, T_2026_06_01, &o, &alert), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_pass_matcher_assess(m, p, 0, h, NULL, T_2026_06_01, NULL, &alert), ANPR_STATUS_NULL_ARGUMENT);
    CHECK_FAILS_WITH(anpr_pass_matcher_assess(m, p, 0, h, NULL, T_2026_06_01, &o, NULL), ANPR_STATUS_NULL_ARGUMENT);
    anpr_pass_matcher *bad = (anpr_pass_matcher *)0x1;
    CHECK_FAILS_WITH(anpr_pass_matcher_new(-1.0, 100, NULL, &bad), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK(bad == NULL);
    CHECK_FAILS_WITH(anpr_pass_matcher_new(60.0, 0, NULL, &bad), ANPR_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS_WITH(anpr_pass_matcher_new(60.0, 10, NULL, NULL), ANPR_STATUS_NULL_ARGUMENT);
    anpr_pass_matcher *defaults = NULL;
    CHECK_STATUS(anpr_pass_matcher_new(60.0, 10, NULL, &defaults), ANPR_STATUS_OK);
    anpr_pass_matcher_free(defaults);
    anpr_pass_matcher_free(m);
    anpr_pass_matcher_free(NULL);
    anpr_retention_policy_free(policy);
    anpr_hotlist_free(h);
    anpr_passes_free(p);
    anpr_tracker_free(t);
    anpr_results_free(r);
    free_frame(&f);
}

/* ---------- threads ---------- */

enum { N_THREADS = 8 };

typedef struct {
    frame_t frame;
    const char *reference_json; /* the same frame read once on the main thread */
    int reads;
    int failures;
} worker_t;


static void *worker(void *arg) {
    worker_t *w = arg;
    for (int i = 0; i < w->reads; i++) {
        anpr_results *r = NULL;
        anpr_status s = anpr_engine_read(g_engine, w->frame.data, w->frame.len, FW, FH, w->frame.stride,
                                         w->frame.format, NULL, &r);
        const char *json = NULL;
        if (s != ANPR_STATUS_OK || anpr_results_json(r, &json) != ANPR_STATUS_OK ||
            plates_prefix_len(json) != plates_prefix_len(w->reference_json) ||
            strncmp(json, w->reference_json, plates_prefix_len(json)) != 0) {
            w->failures++;
        }
        anpr_results_free(r);
        /* a per-thread error message must not leak into other threads */
        if (anpr_engine_read(g_engine, NULL, 0, FW, FH, 0, 0, NULL, &r) != ANPR_STATUS_NULL_ARGUMENT ||
            strstr(anpr_last_error_message(), "data") == NULL || r != NULL) {
            w->failures++;
        }
    }
    return NULL;
}

static void test_eight_threads_share_one_engine(void) {
    const char *env = getenv("ANPR_TEST_THREAD_READS");
    int reads = env ? atoi(env) : 10;
    if (g_light) {
        /* Valgrind serialises threads and runs models ~100x slower: the concurrency test runs in the plain and
         * AddressSanitizer runs. */
        printf("     (skipped under Valgrind)\n");
        return;
    }
    worker_t w[N_THREADS];
    pthread_t t[N_THREADS];
    anpr_results *refs[N_THREADS];
    for (int i = 0; i < N_THREADS; i++) {
        w[i].frame = make_frame((uint32_t)(i % 6));
        w[i].reads = reads;
        w[i].failures = 0;
        refs[i] = NULL;
        CHECK_STATUS(anpr_engine_read(g_engine, w[i].frame.data, w[i].frame.len, FW, FH, w[i].frame.stride,
                                      w[i].frame.format, NULL, &refs[i]),
                     ANPR_STATUS_OK);
        w[i].reference_json = "";
        CHECK_STATUS(anpr_results_json(refs[i], &w[i].reference_json), ANPR_STATUS_OK);
    }
    for (int i = 0; i < N_THREADS; i++) CHECK(pthread_create(&t[i], NULL, worker, &w[i]) == 0);
    for (int i = 0; i < N_THREADS; i++) {
        CHECK(pthread_join(t[i], NULL) == 0);
        CHECK(w[i].failures == 0);
        anpr_results_free(refs[i]);
        free_frame(&w[i].frame);
    }
}

static void on_alarm(int sig) {
    (void)sig;
    static const char msg[] = "FAIL: test run timed out (hang)\n";
    (void)!write(2, msg, sizeof msg - 1);
    _exit(2);
}

#include <signal.h>

int main(void) {
    const char *timeout = getenv("ANPR_TEST_TIMEOUT");
    signal(SIGALRM, on_alarm);
    alarm(timeout ? (unsigned)atoi(timeout) : 300);

    g_light = getenv("ANPR_TEST_VALGRIND") != NULL;
    const char *data = getenv("ANPR_TEST_DATA");
    if (!ort_path() || !data) {
        fprintf(stderr, "set ORT_DYLIB_PATH (libonnxruntime.so) and ANPR_TEST_DATA (directory with plate.png)\n");
        return 2;
    }
    snprintf(g_png_path, sizeof g_png_path, "%s/plate.png", data);
    g_png = read_all(g_png_path, &g_png_len);
    if (!g_png) {
        fprintf(stderr, "cannot read %s\n", g_png_path);
        return 2;
    }

    run("version", test_version);
    run("status_codes", test_status_codes);
    run("free_null_is_noop", test_free_null_is_noop);
    run("builder_null_and_bad_arguments", test_builder_null_and_bad_arguments);
    run("engine_new_errors", test_engine_new_errors); /* before any engine: tests the runtime path */
    run("engine_new_model_errors", test_engine_new_model_errors);
    run("engine_new", test_engine_new);
    if (g_engine) {
        run("engine_from_model_paths_and_bytes", test_engine_from_model_paths_and_bytes);
        run("read_raw_errors", test_read_raw_errors);
        run("read_every_pixel_format", test_read_every_pixel_format);
        run("read_encoded_and_file", test_read_encoded_and_file);
        if (!g_light) run("detector_tiles", test_detector_tiles);
        run("results_accessors", test_results_accessors);
        run("results_null_and_out_of_range", test_results_null_and_out_of_range);
        run("hotlist_load_add_remove_swap", test_hotlist_load_add_remove_swap);
        run("hotlist_match", test_hotlist_match);
        run("privacy", test_privacy);
        run("read_and_match", test_read_and_match);
        run("tracker", test_tracker);
        run("pass_matcher", test_pass_matcher);
        run("eight_threads_share_one_engine", test_eight_threads_share_one_engine);
    } else {
        g_tests_failed++;
        printf("FAIL no engine: the read tests did not run\n");
    }
    anpr_engine_free(g_engine);
    free(g_png);
    printf("%d passed, %d failed\n", g_tests_passed, g_tests_failed);
    return g_tests_failed == 0 ? 0 : 1;
}
