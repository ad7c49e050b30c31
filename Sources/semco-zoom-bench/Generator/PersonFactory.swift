import SemcoZoomCore

/// Makes staff members (hosts, trainers, Kursbetreuer) with unique short codes and addresses.
struct PersonFactory {
    private var rng: SplitMix64
    private var serial = 0
    private var usedAddresses: Set<String> = []

    init(seed: UInt64) { rng = SplitMix64(seed: seed, stream: 2) }

    mutating func staff() -> Person {
        serial += 1
        let first = rng.chance(0.5) ? rng.pick(Vocabulary.femaleFirstNames) : rng.pick(Vocabulary.maleFirstNames)
        let last = rng.pick(Vocabulary.lastNames)
        let foldedFirst = Vocabulary.asciiFold(first)
        let foldedLast = Vocabulary.asciiFold(last)
        let code = (String(foldedFirst.prefix(1)) + String(foldedLast.prefix(2))).uppercased() + String(serial)
        var local = "\(foldedFirst).\(foldedLast)"
        if usedAddresses.contains(local) { local += String(serial) }
        usedAddresses.insert(local)
        return Person(firstName: first, lastName: last, shortCode: code, email: "\(local)@\(Vocabulary.academyDomain)")
    }
}
