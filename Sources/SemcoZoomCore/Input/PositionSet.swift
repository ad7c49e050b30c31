/// A set of strings held as positions into an array the caller owns (open addressing,
/// linear probing, 4 bytes per slot): the duplicate check on 500,000 booking numbers
/// costs 4 MB instead of a `Set<String>`'s 16+ MB, because the numbers are not stored twice.
struct PositionSet {
    /// Position + 1 per slot; 0 is empty.
    private var slots: [Int32]
    private var count = 0

    init(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
    }

    /// Inserts `position` (whose key is `key(position)`); returns the position already
    /// holding an equal key instead, if there is one.
    mutating func insert(_ position: Int, key: (Int) -> String) -> Int? {
        let value = key(position)
        if (count + 1) * 2 > slots.count { grow(key) }
        let mask = slots.count - 1
        var i = value.hashValue & mask
        while true {
            let held = Int(slots[i])
            if held == 0 {
                slots[i] = Int32(truncatingIfNeeded: position + 1)
                count += 1
                return nil
            }
            if key(held - 1) == value { return held - 1 }
            i = (i + 1) & mask
        }
    }

    private mutating func grow(_ key: (Int) -> String) {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for held in old where held != 0 {
            var i = key(Int(held) - 1).hashValue & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = held
        }
    }
}
