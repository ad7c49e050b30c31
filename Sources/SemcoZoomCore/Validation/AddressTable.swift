import Foundation

/// The addresses of one course's registered bookings so far, for the duplicate check:
/// positions of the bookings that brought them, in an open-addressing table keyed by a
/// hash of the address's ASCII-lower-cased bytes. No lower-cased copy and no `String`
/// hashing per booking; one table serves every course of a thread (`removeAll()` starts
/// a new generation instead of clearing the slots).
struct AddressTable {
    /// Per slot: generation (high 32 bits) and entry + 1 (low 32 bits); a slot of another
    /// generation is empty.
    private var slots: [UInt64] = Array(repeating: 0, count: 64)
    private var hashes: [UInt64] = []
    private var positions: [Int32] = []
    private var generation: UInt64 = 1

    /// Forgets every address (a new course).
    mutating func removeAll() {
        hashes.removeAll(keepingCapacity: true)
        positions.removeAll(keepingCapacity: true)
        generation += 1
        if generation > UInt64(UInt32.max) {
            for i in slots.indices { slots[i] = 0 }
            generation = 1
        }
    }

    /// Adds the address `bytes` of the booking at `position`, unless an equal one is held:
    /// then returns that one's position. `isSame(p)` says whether the address of the booking
    /// at `p` equals `bytes` ignoring ASCII case (asked only when the hashes are equal).
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, position: Int32, isSame: (Int32) -> Bool) -> Int32? {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[i]
            if slot >> 32 != generation { break }
            let entry = Int(slot & 0xFFFF_FFFF) - 1
            if hashes[entry] == hash && isSame(positions[entry]) { return positions[entry] }
            i = (i + 1) & mask
        }
        slots[i] = generation << 32 | UInt64(hashes.count + 1)
        hashes.append(hash)
        positions.append(position)
        if hashes.count * 2 > slots.count { grow() }
        return nil
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (entry, hash) in hashes.enumerated() {
            var i = Int(truncatingIfNeeded: hash) & mask
            while slots[i] >> 32 == generation { i = (i + 1) & mask }
            slots[i] = generation << 32 | UInt64(entry + 1)
        }
    }

    @inline(__always)
    private static func lowerASCII(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }

    /// A hash of the bytes lower-cased in ASCII, eight at a time (a capital's byte gets
    /// 0x20 added: `A`…`Z` are the bytes whose low seven bits, plus 0x80 − 0x41, reach the
    /// high bit while plus 0x80 − 0x5B do not; bytes of 0x80 or more are left alone).
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func lowered(_ word: UInt64) -> UInt64 {
            let low7 = word & ~high
            let capitals = ((low7 &+ (0x80 - 0x41) &* ones) & ~(low7 &+ (0x80 - 0x5B) &* ones)) & ~word & high
            return word | (capitals >> 2)
        }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ lowered(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i += 8
        }
        if i < bytes.count {
            var tail: UInt64 = 0
            for k in i..<bytes.count { tail |= UInt64(base[k]) << (8 * UInt64(k - i)) }
            h = (h ^ lowered(tail)) &* 0x9E37_79B9_7F4A_7C15
        }
        h ^= h >> 32
        h &*= 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 29)
    }

    /// `a` equals `b` once both are lower-cased in ASCII.
    static func equalIgnoringASCIICase(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where lowerASCII(a[i]) != lowerASCII(b[i]) { return false }
        return true
    }

    /// `bytes` lower-cased in ASCII equal `key` (already lower-cased, maybe non-ASCII: then unequal).
    static func equalIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ key: String) -> Bool {
        var key = key
        return key.withUTF8 { equalIgnoringASCIICase(bytes, $0) }
    }
}
