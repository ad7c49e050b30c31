import SemcoZoomCore

/// The bookings, generated course by course from their own random stream.
struct BookingStream {
    private var rng: SplitMix64
    private var serial = 0
    private let prefix: String
    private let width: Int

    init(seed: UInt64, year: Int, total: Int) {
        rng = SplitMix64(seed: seed, stream: 3)
        let yy = String(year % 100)
        prefix = "BN" + (yy.count == 1 ? "0" : "") + yy + "-"
        width = max(5, String(max(total, 1)).count)
    }

    private mutating func nextNumber() -> String {
        serial += 1
        let digits = String(serial)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static let salutations: [(String?, Int)] = [("Frau", 47), ("Herr", 47), ("Divers", 1), (nil, 5)]
    static let statuses: [(String, Int)] = [
        ("Bestätigte Buchung", 82), ("Anfrage", 5), ("Storniert", 7), ("Laufender Kurs", 3), ("Beendet", 3),
    ]

    mutating func bookings(for course: GeneratedCourse, _ body: (GeneratedBooking) throws -> Void) rethrows {
        var remaining = course.bookingCount
        while remaining > 0 {
            var booking = makeBooking(course: course)
            if remaining >= 2, rng.chance(Shares.rebooking) {
                // Cancelled, then booked again under a new number: must register again.
                booking.status = "Storniert"
                try body(booking)
                booking.number = nextNumber()
                booking.status = "Bestätigte Buchung"
                try body(booking)
                remaining -= 2
                continue
            }
            if remaining >= 2, rng.chance(Shares.duplicateAddress) {
                // One person booked twice under one address: one registrant, a warning.
                booking.status = "Bestätigte Buchung"
                try body(booking)
                booking.number = nextNumber()
                try body(booking)
                remaining -= 2
                continue
            }
            try body(booking)
            remaining -= 1
        }
    }

    private mutating func makeBooking(course: GeneratedCourse) -> GeneratedBooking {
        let salutation = rng.weighted(Self.salutations)
        let female = salutation == "Frau" || (salutation != "Herr" && rng.chance(0.5))
        var first = female ? rng.pick(Vocabulary.femaleFirstNames) : rng.pick(Vocabulary.maleFirstNames)
        var last = rng.pick(Vocabulary.lastNames)
        let company = rng.chance(Shares.company) ? rng.pick(Vocabulary.companies) : nil
        let status = rng.weighted(Self.statuses)

        var email: String?
        var roll = rng.unit()
        if roll < Shares.umlautAddress {
            // The guide's "E-Mail-Adresse enthält einen Umlaut".
            last = rng.pick(Vocabulary.umlautLastNames)
            email =
                "\(first.lowercased().filter { $0 != " " }).\(last.lowercased())@\(rng.pick(Vocabulary.mailDomains))"
        } else if (roll - Shares.umlautAddress) < Shares.emptyAddress {
            email = nil
        } else if (roll - Shares.umlautAddress - Shares.emptyAddress) < Shares.notAnAddress {
            email =
                "\(Vocabulary.asciiFold(first)).\(Vocabulary.asciiFold(last))(at)\(rng.pick(Vocabulary.mailDomains))"
        } else if (roll - Shares.umlautAddress - Shares.emptyAddress - Shares.notAnAddress) < Shares.hostAsParticipant,
            let host = course.hostEmail
        {
            // The guide's "Moderator des Webinars ist in dieses Webinar als Teilnehmer eingebucht".
            email = host
        } else {
            let plain = ordinaryAddress(first: first, last: last, company: company?.domain)
            roll = rng.unit()
            email = roll < Shares.capitalisedAddress ? plain.prefix(1).uppercased() + plain.dropFirst() : plain
        }
        if rng.chance(Shares.quotedNickname) { first += " \"\(first.prefix(2).uppercased())\"" }

        return GeneratedBooking(
            number: nextNumber(), courseNumber: course.number, salutation: salutation,
            firstName: first, lastName: last, email: email, company: company?.name, status: status)
    }

    private mutating func ordinaryAddress(first: String, last: String, company: String?) -> String {
        let f = Vocabulary.asciiFold(first)
        let l = Vocabulary.asciiFold(last)
        let local: String
        switch rng.below(5) {
        case 0: local = "\(f).\(l)"
        case 1: local = "\(f.prefix(1)).\(l)"
        case 2: local = "\(f)\(l)"
        case 3: local = "\(l).\(f)"
        default: local = "\(f).\(l)\(rng.int(1...99))"
        }
        let domain = company.flatMap { rng.chance(0.7) ? $0 : nil } ?? rng.pick(Vocabulary.mailDomains)
        let suffix = rng.chance(0.5) ? String(rng.int(1...999)) : ""
        return "\(local)\(suffix)@\(domain)"
    }
}
