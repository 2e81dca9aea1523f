/// Typed regions carved one after another out of one raw allocation, which the caller sizes
/// and orders so that each region is aligned for its values.
struct MemoryRegions {
    private var start: UnsafeMutableRawPointer

    init(_ memory: UnsafeMutableRawPointer) { start = memory }

    /// The next `count` values, each `value`.
    mutating func next<Value>(_ count: Int, of value: Value) -> UnsafeMutablePointer<Value> {
        let region = uninitialized(count, of: Value.self)
        region.initialize(repeating: value, count: count)
        return region
    }

    /// The next `count` values of `type`, not set: for memory read only where written first.
    mutating func uninitialized<Value>(_ count: Int, of type: Value.Type) -> UnsafeMutablePointer<Value> {
        let region = start.bindMemory(to: Value.self, capacity: count)
        start += count * MemoryLayout<Value>.stride
        return region
    }
}
