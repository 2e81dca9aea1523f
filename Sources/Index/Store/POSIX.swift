#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `close(2)`, for types that have a `close()` method of their own.
func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}

/// `write(2)`.
func writeDescriptor(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
