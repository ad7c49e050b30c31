import Foundation

/// Positions grouped by a small group number, all in one array (a counting sort): for
/// 500,000 bookings one array of 2 MB instead of an array per course grown by doubling.
/// Positions keep their order within a group.
struct PositionGroups {
    /// The group of each position so far (-1: none).
    private var groupOfPosition: [Int32]
    private let groupCount: Int

    init(groupCount: Int, capacity: Int) {
        self.groupCount = groupCount
        groupOfPosition = []
        groupOfPosition.reserveCapacity(capacity)
    }

    /// The next position belongs to `group` (nil: to none).
    mutating func add(_ group: Int?) {
        groupOfPosition.append(group.map { Int32(truncatingIfNeeded: $0) } ?? -1)
    }

    func sorted() -> Sorted {
        var starts = [Int32](repeating: 0, count: groupCount + 1)
        for group in groupOfPosition where group >= 0 { starts[Int(group) + 1] += 1 }
        for i in 0..<groupCount { starts[i + 1] += starts[i] }
        var next = starts
        var positions = [Int32](repeating: 0, count: Int(starts[groupCount]))
        for (position, group) in groupOfPosition.enumerated() where group >= 0 {
            positions[Int(next[Int(group)])] = Int32(truncatingIfNeeded: position)
            next[Int(group)] += 1
        }
        return Sorted(starts: starts, positions: positions)
    }

    struct Sorted: Sendable {
        let starts: [Int32]
        let positions: [Int32]

        func members(of group: Int) -> ArraySlice<Int32> { positions[Int(starts[group])..<Int(starts[group + 1])] }
    }
}
