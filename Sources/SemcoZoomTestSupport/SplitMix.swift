/// A seeded generator (SplitMix64) for randomized tests, so a failure can be replayed from its
/// seed. (The benchmark generator has its own, with its own range reduction, so that its files
/// stay the same across toolchains.)
public struct SplitMix: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitMix {
    /// Damages `bytes` in one to three places: a byte replaced by one of `alphabet`, removed, or
    /// one of `alphabet` inserted (the state file's damage and differential tests).
    public mutating func damage(_ bytes: inout [UInt8], alphabet: [UInt8]) {
        for _ in 0..<1 + Int(next() % 3) {
            let i = Int(next() % UInt64(bytes.count))
            switch next() % 3 {
            case 0: bytes[i] = alphabet[Int(next() % UInt64(alphabet.count))]
            case 1: bytes.remove(at: i)
            default: bytes.insert(alphabet[Int(next() % UInt64(alphabet.count))], at: i)
            }
        }
    }
}
