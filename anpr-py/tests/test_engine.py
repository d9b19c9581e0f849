"""Engine construction and every way to read: numpy arrays, bytes, files, batches, known corners."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from conftest import PLATE, PLATE_TEXT, png_bytes

import anpr


def assert_valid(reads: anpr.FrameReads, width: int = 320, height: int = 240) -> None:
    assert isinstance(reads, anpr.FrameReads)
    assert len(reads) == len(reads.plates)
    assert reads.timings.total_us >= 0
    for plate in reads:
        assert isinstance(plate, anpr.PlateRead)
        assert plate.text and plate.text.isalnum() and plate.text.upper() == plate.text
        assert 0.0 <= plate.confidence <= 1.0
        assert len(plate.char_confidences) == len(plate.text)
        assert plate.candidates and plate.candidates[0].text == plate.text
        assert 0.0 <= plate.detection_score <= 1.0
        assert len(plate.corners) == 4
        assert plate.bbox.x1 <= plate.bbox.x2 and plate.bbox.y1 <= plate.bbox.y2


def test_version_and_exports() -> None:
    assert isinstance(anpr.__version__, str) and anpr.__version__.count(".") == 2
    for name in anpr.__all__:
        assert hasattr(anpr, name), name


def test_onnxruntime_library_is_found_from_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORT_DYLIB_PATH", raising=False)
    path = anpr.onnxruntime_library()
    assert path is not None and Path(path).is_file()
    assert "onnxruntime" in Path(path).name
    monkeypatch.setenv("ORT_DYLIB_PATH", path)
    assert anpr.onnxruntime_library() is None  # the engine reads the variable itself


def test_default_engine(engine: anpr.Engine) -> None:
    assert engine.backend == "onnxruntime"
    assert repr(engine).startswith("Engine(backend='onnxruntime'")


def test_engine_settings_and_repr() -> None:
    engine = anpr.Engine(
        countries=["nl", "BE", "DE"],
        threads=1,
        sessions=1,
        detection_threshold=0.5,
        min_confidence=0.0,
        top_n=3,
        max_plates=4,
        candidate_threshold=0.2,
        candidate_min_confidence=0.6,
        max_candidates=2,
        reread_misfits=False,
        detector_tiles=False,
        ort_library=anpr.onnxruntime_library(),
    )
    assert repr(engine) == "Engine(backend='onnxruntime', countries=['NL', 'BE', 'DE'])"


def test_detector_tiles_read_a_plate_in_a_large_frame(engine: anpr.Engine) -> None:
    plate = np.load(PLATE)  # BGR, 288 x 88 px
    frame = np.full((720, 1280, 3), 90, dtype=np.uint8)
    frame[400 : 400 + plate.shape[0], 700 : 700 + plate.shape[1]] = plate
    tiled = anpr.Engine(detector_tiles=True, threads=1)
    assert PLATE_TEXT in [p.text for p in tiled.read(frame).plates]
    assert PLATE_TEXT in [p.text for p in engine.read(frame).plates]
    with pytest.raises(TypeError):
        anpr.Engine(detector_tiles="yes")  # type: ignore[arg-type]


def test_engine_from_model_paths_and_bytes(onnx_models: tuple[bytes, bytes], tmp_path: Path) -> None:
    det, rec = onnx_models
    (tmp_path / "d.onnx").write_bytes(det)
    (tmp_path / "r.onnx").write_bytes(rec)
    from_paths = anpr.Engine(detector=tmp_path / "d.onnx", recognizer=str(tmp_path / "r.onnx"))
    from_bytes = anpr.Engine(detector=det, recognizer=bytearray(rec))
    image = np.zeros((64, 64), dtype=np.uint8)
    assert from_paths.read(image).plates == from_bytes.read(image).plates


@pytest.mark.parametrize("layout", ["gray", "gray1", "bgr", "rgb", "bgra", "rgba"])
def test_read_every_layout(engine: anpr.Engine, frame: npt.NDArray[np.uint8], layout: str) -> None:
    rgb = layout in ("rgb", "rgba")
    image: npt.NDArray[np.uint8]
    if layout == "gray":
        image = np.ascontiguousarray(frame[:, :, 1])
    elif layout == "gray1":
        image = np.ascontiguousarray(frame[:, :, 1:2])
    elif layout in ("bgr", "rgb"):
        image = frame if layout == "bgr" else np.ascontiguousarray(frame[:, :, ::-1])
    else:
        alpha = np.full(frame.shape[:2] + (1,), 255, dtype=np.uint8)
        image = np.concatenate([frame if layout == "bgra" else frame[:, :, ::-1], alpha], axis=2)
    assert_valid(engine.read(image, rgb=rgb))


def test_bgr_and_rgb_flag_agree(engine: anpr.Engine, frame: npt.NDArray[np.uint8]) -> None:
    as_rgb = np.ascontiguousarray(frame[:, :, ::-1])
    assert engine.read(frame).plates == engine.read(as_rgb, rgb=True).plates


def test_read_with_roi(engine: anpr.Engine, frame: npt.NDArray[np.uint8]) -> None:
    reads = engine.read(frame, roi=(80, 100, 200, 80))
    assert_valid(reads)
    for plate in reads:
        assert plate.bbox.x1 >= 80 - 1 and plate.bbox.y1 >= 100 - 1


def test_read_quads_and_result_objects(
    engine: anpr.Engine, plate_frame: npt.NDArray[np.uint8], plate_frame_quad: list[tuple[float, float]]
) -> None:
    reads = engine.read_quads(plate_frame, [plate_frame_quad, plate_frame_quad])
    assert_valid(reads)
    assert [p.text for p in reads] == [PLATE_TEXT, PLATE_TEXT]
    plate = reads[0]
    assert reads[-1] == reads[len(reads) - 1]
    assert plate.corners == tuple(plate_frame_quad)
    assert plate.bbox.to_tuple() == (72.0, 80.0, 295.0, 128.0)
    assert plate.bbox.width == 223.0 and plate.bbox.height == 48.0
    assert plate.detection_score == 1.0
    assert repr(plate).startswith(f"PlateRead(text='{PLATE_TEXT}'")
    assert repr(plate.bbox) == "BBox(x1=72.0, y1=80.0, x2=295.0, y2=128.0)"
    assert repr(plate.candidates[0]).startswith(f"Candidate(text='{PLATE_TEXT}', score=")
    assert "StageTimings(preprocess_us=" in repr(reads.timings)
    assert repr(reads).startswith("FrameReads(plates=['")
    fmt = plate.format
    if fmt is not None:
        assert plate.country == fmt.country and fmt.to_dict()["name"] == fmt.name
        assert repr(fmt).startswith("FormatMatch(country=")
    with pytest.raises(IndexError):
        reads[len(reads)]
    # Immutable.
    with pytest.raises(AttributeError):
        plate.text = "X"  # type: ignore[misc]


def test_to_dict_is_plain_and_json_serialisable(
    engine: anpr.Engine, plate_frame: npt.NDArray[np.uint8], plate_frame_quad: list[tuple[float, float]]
) -> None:
    reads = engine.read_quads(plate_frame, [plate_frame_quad])
    assert len(reads) == 1
    d = reads.to_dict()
    assert set(d) == {"plates", "timings"}
    assert set(d["timings"]) == {"preprocess_us", "detect_us", "rectify_us", "recognize_us", "decode_us", "total_us"}
    json.dumps(d)
    for plate, pd in zip(reads, d["plates"]):
        assert pd == plate.to_dict()
        assert set(pd) == {
            "text", "display", "confidence", "char_confidences", "candidates", "format", "bbox", "corners",
            "detection_score",
        }
        assert pd["text"] == plate.text
        assert pd["bbox"] == plate.bbox.to_dict()
        assert pd["corners"] == [list(c) for c in plate.corners]
        assert pd["candidates"] == [c.to_dict() for c in plate.candidates]
    assert reads.timings.to_dict() == d["timings"]


def test_read_quads_with_no_quads(engine: anpr.Engine, frame: npt.NDArray[np.uint8]) -> None:
    reads = engine.read_quads(frame, [])
    assert len(reads) == 0 and not reads and list(reads) == []


def test_read_encoded_and_file(engine: anpr.Engine, frame: npt.NDArray[np.uint8], tmp_path: Path) -> None:
    rgb = np.ascontiguousarray(frame[:, :, ::-1])
    data = png_bytes(rgb)
    from_array = engine.read(frame)
    assert engine.read_encoded(data).plates == from_array.plates
    assert engine.read_encoded(bytearray(data)).plates == from_array.plates
    path = tmp_path / "frame.png"
    path.write_bytes(data)
    assert engine.read_file(path).plates == from_array.plates
    assert engine.read_file(str(path)).plates == from_array.plates


def test_read_batch_mixed_inputs(engine: anpr.Engine, frame: npt.NDArray[np.uint8], tmp_path: Path) -> None:
    rgb = np.ascontiguousarray(frame[:, :, ::-1])
    path = tmp_path / "frame.png"
    path.write_bytes(png_bytes(rgb))
    grey = np.ascontiguousarray(frame[:, :, 0])
    out = engine.read_batch([frame, png_bytes(rgb), path, str(path), grey])
    assert len(out) == 5
    expected = engine.read(frame).plates
    assert [r.plates == expected for r in out[:4]] == [True] * 4
    assert out[4].plates == engine.read(grey).plates
    assert engine.read_batch([rgb], rgb=True)[0].plates == expected
    assert engine.read_batch([]) == []


def test_reading_does_not_modify_or_keep_the_array(engine: anpr.Engine, frame: npt.NDArray[np.uint8]) -> None:
    image = frame.copy()
    engine.read(image)
    assert np.array_equal(image, frame)
    image[:] = 0  # still writeable: the read-only borrow ended with the call


def test_read_only_arrays_are_accepted(engine: anpr.Engine, frame: npt.NDArray[np.uint8]) -> None:
    image = frame.copy()
    image.flags.writeable = False
    assert_valid(engine.read(image))
