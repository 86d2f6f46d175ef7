# Red team: the answer crashes the kernel (a read at address 0 through ctypes).
import ctypes


def largest_stable_learning_rate(a):
    ctypes.string_at(0)
