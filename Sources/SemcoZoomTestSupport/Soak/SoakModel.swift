import Foundation

// The soak's own model of SEMCO's data: courses, trainers and bookings as an admin would keep
// them in SEMCO, changed night by night by random but realistic edits, and written out as the
// CSV exports SEMCO drops. Nothing here uses the sync pipeline's code: the expectation of what
// Zoom must hold is computed from this model (see SoakExpectation.swift).

/// The soak's random source: `SplitMix` (the same sequence on every platform for one seed),
/// one stream per independent kind of event.
public struct SoakRNG: RandomNumberGenerator, Sendable {
    private var mix: SplitMix

    /// `stream` separates independent random sources (data edits, faults, kills…) so that
    /// turning one off while shrinking leaves the others' sequences unchanged.
    public init(seed: UInt64, stream: UInt64) {
        mix = SplitMix(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ stream &* 0xD1B5_4A32_D192_ED03 &+ 0x2545_F491_4F6C_DD1D)
        _ = next()
    }

    public mutating func next() -> UInt64 { mix.next() }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T? { items.isEmpty ? nil : items[int(0...items.count - 1)] }
}

/// A civil day as days since 1970-01-01 (no time zone: a calendar date).
public struct SoakDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var index: Int
    public init(_ index: Int) { self.index = index }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    public init(year: Int, month: Int, day: Int) {
        let date = Self.utc.date(from: DateComponents(year: year, month: month, day: day))!
        index = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    var components: DateComponents {
        Self.utc.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(index) * 86_400))
    }
    /// 0 Sunday … 6 Saturday (1970-01-01 was a Thursday).
    public var weekday: Int { ((index + 4) % 7 + 7) % 7 }
    public static func + (day: SoakDay, days: Int) -> SoakDay { SoakDay(day.index + days) }
    public static func < (a: SoakDay, b: SoakDay) -> Bool { a.index < b.index }
    /// `dd.MM.yyyy`, SEMCO's German date.
    public var german: String {
        let c = components
        return String(format: "%02d.%02d.%04d", c.day!, c.month!, c.year!)
    }
    /// `yyyy-MM-dd`.
    public var description: String {
        let c = components
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
    public var stamp: String {
        let c = components
        return String(format: "%04d%02d%02d", c.year!, c.month!, c.day!)
    }

    static let berlin: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Berlin")!
        return calendar
    }()

    /// The instant of `minutes` after midnight, wall-clock time in Europe/Berlin on this day.
    public func berlin(_ minutes: Int) -> Date {
        var c = components
        c.hour = minutes / 60
        c.minute = minutes % 60
        return Self.berlin.date(from: c)!
    }

    /// This day at `hh:mm` UTC.
    public func utc(hour: Int, minute: Int) -> Date {
        Date(timeIntervalSince1970: Double(index) * 86_400 + Double(hour * 3600 + minute * 60))
    }
}

/// One session in SEMCO's terms: a day and wall-clock minutes (Europe/Berlin).
public struct SoakSession: Hashable, Sendable, CustomStringConvertible {
    public var day: SoakDay
    public var from: Int
    public var to: Int
    public var start: Date { day.berlin(from) }
    public var end: Date { day.berlin(to) }
    public var minutes: Int { to - from }
    public var description: String { "\(day) \(Self.time(from))-\(Self.time(to))" }
    static func time(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
}

public struct SoakCourse: Sendable {
    public var number: Int
    public var title: String
    /// `geplant`, `bestätigt`, `laufender Kurs`, `beendet`, `storniert`.
    public var status: String
    public var zoomRoom: Bool
    public var startDay: SoakDay
    public var endDay: SoakDay
    /// Weekly course times: weekday (0 Sunday) → (from, to) minutes.
    public var weekly: [Int: (from: Int, to: Int)]
    /// Einzeltermine; when non-empty they are the sessions and `weekly` is ignored.
    public var singles: [SoakSession]
    /// `Trainer` (trainer A or B with Moderator = Ja) or `Kursbetreuer`.
    public var moderatorRole: String
    public var moderatorIsB: Bool
    public var maxParticipants: Int
    /// Set when the generator stops touching the course (over, cancelled).
    public var frozen: Bool = false
    /// The night the course left the export (old courses are filtered out of SEMCO's export).
    public var removed: Bool = false

    public var trainerA: String { "k\(number)a@trainer.soak.example" }
    public var trainerB: String { "k\(number)b@trainer.soak.example" }
    public var supervisor: String { "k\(number)s@staff.soak.example" }
    public var hosts: Set<String> { [trainerA, trainerB, supervisor] }
    public var moderator: String { moderatorRole == "Kursbetreuer" ? supervisor : (moderatorIsB ? trainerB : trainerA) }
    public var marker: String { "[SEMCO \(number)]" }

    /// The sessions (independent of the tool's expansion): Einzeltermine, else every day from
    /// start to end whose weekday has course times.
    public var sessions: [SoakSession] {
        if !singles.isEmpty { return singles.sorted { $0.day < $1.day } }
        guard startDay <= endDay else { return [] }
        var result: [SoakSession] = []
        var day = startDay
        while day <= endDay {
            if let times = weekly[day.weekday] { result.append(SoakSession(day: day, from: times.from, to: times.to)) }
            day = day + 1
        }
        return result
    }
}

public struct SoakBooking: Sendable {
    public var number: String
    public var course: Int
    public var firstName: String
    public var lastName: String
    public var email: String
    public var company: String?
    /// `Anfrage`, `Bestätigte Buchung`, `Laufender Kurs`, `Beendet`, `Storniert`.
    public var status: String
}

/// SEMCO as the soak keeps it.
public struct SoakSEMCO: Sendable {
    public var courses: [SoakCourse] = []
    public var bookings: [SoakBooking] = []
    var nextCourse = 20001
    var nextBooking = 1
    var nextPerson = 1

    static let firstNames = [
        "Anna", "Steve", "Rita", "Jonas", "Lea", "Paul", "Mia", "Felix", "Emma", "Noah", "Sofia", "Ben",
    ]
    static let lastNames = [
        "Schmidt", "Miller", "Doro", "Weber", "Fischer", "Becker", "Wagner", "Hoffmann", "Koch", "Richter",
    ]
    static let umlautFirst = ["Jürgen", "Jörg", "Käthe", "Günther"]
    static let titles = [
        "Narkose Grundschulung", "Hygiene Update", "Notfallmanagement", "Wundversorgung kompakt",
        "Führung im Pflegealltag", "Medikamentengabe sicher", "Datenschutz für Praxisteams", "Reanimation Refresher",
    ]
    static let companies = [
        "Klinikum Nord", "SEMCO Software Engineering GmbH", "Praxis am Markt", "Uniklinik Süd", nil, nil,
    ]

    // MARK: - Edits

    /// One night's edits: automatic status transitions (time passing), then `count` random
    /// edits. Returns a line per edit for the failure report.
    public mutating func edit(today: SoakDay, count: Int, rng: inout SoakRNG) -> [String] {
        var log: [String] = []
        for index in courses.indices where !courses[index].removed {
            var course = courses[index]
            let sessions = course.sessions
            let lastDay = sessions.last?.day ?? course.endDay
            if course.frozen {
                // Old courses leave SEMCO's export after two weeks (the export is filtered).
                if lastDay + 14 < today, rng.chance(0.3) {
                    courses[index].removed = true
                    bookings.removeAll { $0.course == course.number }
                    log.append("course \(course.number) left the export")
                }
                continue
            }
            if lastDay < today || (course.status == "storniert") {
                if course.status != "storniert" && course.status != "geplant" && rng.chance(0.5) {
                    course.status = "beendet"
                    log.append("course \(course.number) beendet")
                }
                course.frozen = true
            } else if course.status == "bestätigt", let first = sessions.first, first.day <= today, rng.chance(0.6) {
                course.status = "laufender Kurs"
                log.append("course \(course.number) laufender Kurs")
            }
            courses[index] = course
        }
        if rng.chance(0.35) || courses.filter({ !$0.frozen }).count < 3 {
            log.append(newCourse(today: today, rng: &rng))
        }
        for _ in 0..<count {
            if let line = randomEdit(today: today, rng: &rng) { log.append(line) }
        }
        return log
    }

    mutating func newCourse(today: SoakDay, rng: inout SoakRNG) -> String {
        let number = nextCourse
        nextCourse += 1
        let start = today + rng.int(2...40)
        let shape = rng.int(0...9)
        var weekly: [Int: (from: Int, to: Int)] = [:]
        var singles: [SoakSession] = []
        var end = start
        let from = rng.int(16...34) * 30  // 08:00 … 17:00
        let length = rng.int(2...6) * 30
        if shape <= 1 {
            // One session: a scheduled meeting.
            weekly[start.weekday] = (from, from + length)
        } else if shape <= 6 {
            // A weekly pattern: one to three weekdays, one to four weeks.
            weekly[start.weekday] = (from, from + length)
            for _ in 0..<rng.int(0...2) { weekly[rng.int(1...5)] = (from, from + length) }
            end = start + rng.int(0...3) * 7 + rng.int(0...6)
        } else {
            singles = Self.irregular(from: start, count: rng.int(2...6), rng: &rng)
            end = singles.last!.day
        }
        let title = "\(rng.pick(Self.titles)!) \(number)"
        let zoomRoom = rng.chance(0.92)
        let course = SoakCourse(
            number: number, title: title, status: rng.chance(0.25) ? "geplant" : "bestätigt", zoomRoom: zoomRoom,
            startDay: start, endDay: end, weekly: weekly, singles: singles,
            moderatorRole: rng.chance(0.2) ? "Kursbetreuer" : "Trainer", moderatorIsB: rng.chance(0.5),
            maxParticipants: 30)
        courses.append(course)
        let bookingCount = rng.chance(0.3) ? rng.int(12...24) : rng.int(0...9)
        for _ in 0..<bookingCount {
            addBooking(course: number, rng: &rng, status: rng.chance(0.85) ? "Bestätigte Buchung" : "Anfrage")
        }
        return
            "new course \(number) \(course.status) \(zoomRoom ? "zoom" : "präsenz") sessions \(course.sessions) bookings \(bookingCount)"
    }

    /// Sessions on irregular days with differing times (what SEMCO's own integration cannot do).
    static func irregular(from start: SoakDay, count: Int, rng: inout SoakRNG) -> [SoakSession] {
        var day = start
        var result: [SoakSession] = []
        for i in 0..<count {
            if i > 0 { day = day + rng.int(1...6) }
            let from = rng.int(16...34) * 30
            result.append(SoakSession(day: day, from: from, to: from + rng.int(2...6) * 30))
        }
        return result
    }

    @discardableResult
    mutating func addBooking(course: Int, rng: inout SoakRNG, status: String, person: (String, String, String)? = nil)
        -> SoakBooking
    {
        let number = String(format: "BN-%06d", nextBooking)
        nextBooking += 1
        let (first, last, email): (String, String, String)
        if let person {
            (first, last, email) = person
        } else {
            let id = nextPerson
            nextPerson += 1
            if rng.chance(0.01) {
                first = rng.pick(Self.umlautFirst)!
                last = "Müller"
                email = "\(first.lowercased()).mueller\(id)@beispiel.de".replacingOccurrences(
                    of: "mueller", with: "müller")
            } else {
                first = rng.pick(Self.firstNames)!
                last = rng.pick(Self.lastNames)!
                email = "\(first.lowercased()).\(last.lowercased())\(id)@example.org"
            }
        }
        let booking = SoakBooking(
            number: number, course: course, firstName: first, lastName: last, email: email,
            company: rng.pick(Self.companies)!, status: status)
        bookings.append(booking)
        return booking
    }

    /// Courses the admin still edits: not over, not cancelled, still in the export.
    func editable(_ today: SoakDay) -> [Int] {
        courses.indices.filter { !courses[$0].frozen && !courses[$0].removed }
    }

    /// Courses that have not started yet (only those are rescheduled).
    func notStarted(_ today: SoakDay) -> [Int] {
        editable(today).filter { (courses[$0].sessions.first?.day ?? courses[$0].startDay) > today + 1 }
    }

    mutating func randomEdit(today: SoakDay, rng: inout SoakRNG) -> String? {
        let kind = rng.int(0...15)
        switch kind {
        case 0:
            return newCourse(today: today, rng: &rng)
        case 1:
            guard let i = rng.pick(notStarted(today)) else { return nil }
            let shift = rng.int(-3...9)
            let earliest = today + 2
            var course = courses[i]
            if let first = course.sessions.first, first.day + shift < earliest { return nil }
            course.startDay = course.startDay + shift
            course.endDay = course.endDay + shift
            course.singles = course.singles.map { SoakSession(day: $0.day + shift, from: $0.from, to: $0.to) }
            if !course.singles.isEmpty || course.weekly.isEmpty || shift % 7 == 0 {
                // weekday pattern keeps its days when shifted by whole weeks; else re-anchor it
            } else {
                var weekly: [Int: (from: Int, to: Int)] = [:]
                for (day, times) in course.weekly { weekly[(day + shift % 7 + 7) % 7] = times }
                course.weekly = weekly
            }
            courses[i] = course
            return "reschedule \(course.number) by \(shift) days → \(course.sessions)"
        case 2:
            guard let i = rng.pick(notStarted(today)) else { return nil }
            let from = rng.int(16...34) * 30
            let to = from + rng.int(2...6) * 30
            if courses[i].singles.isEmpty {
                for key in courses[i].weekly.keys { courses[i].weekly[key] = (from, to) }
            } else {
                let j = rng.int(0...courses[i].singles.count - 1)
                courses[i].singles[j].from = from
                courses[i].singles[j].to = to
            }
            return "retime \(courses[i].number) → \(courses[i].sessions)"
        case 3:
            // Switch to Einzeltermine (or add / drop one).
            guard let i = rng.pick(notStarted(today)) else { return nil }
            var course = courses[i]
            if course.singles.isEmpty || rng.chance(0.3) {
                course.singles = Self.irregular(
                    from: course.sessions.first?.day ?? course.startDay, count: rng.int(1...6), rng: &rng)
            } else if course.singles.count > 1 && rng.chance(0.5) {
                course.singles.remove(at: rng.int(0...course.singles.count - 1))
            } else {
                let last = course.singles.map(\.day).max()!
                let from = rng.int(16...34) * 30
                course.singles.append(SoakSession(day: last + rng.int(1...6), from: from, to: from + 60))
            }
            course.startDay = course.singles.map(\.day).min()!
            course.endDay = course.singles.map(\.day).max()!
            courses[i] = course
            return "einzeltermine \(course.number) → \(course.sessions)"
        case 4:
            guard let i = rng.pick(editable(today)) else { return nil }
            courses[i].title =
                "\(rng.pick(Self.titles)!) \(courses[i].number)" + (rng.chance(0.5) ? " - Zoom-Webinar" : " (neu)")
            if rng.chance(0.05) { courses[i].title += " " + String(repeating: "Ausführlicher Untertitel ", count: 9) }
            return "title \(courses[i].number) → \(courses[i].title)"
        case 5:
            guard let i = rng.pick(editable(today)) else { return nil }
            if rng.chance(0.7) {
                courses[i].moderatorIsB.toggle()
            } else {
                courses[i].moderatorRole = courses[i].moderatorRole == "Trainer" ? "Kursbetreuer" : "Trainer"
            }
            return "moderator \(courses[i].number) → \(courses[i].moderator)"
        case 6:
            guard rng.chance(0.5), let i = rng.pick(editable(today)) else { return nil }
            courses[i].status = "storniert"
            return "course \(courses[i].number) storniert"
        case 7:
            guard let i = rng.pick(editable(today).filter { courses[$0].status == "geplant" }) else { return nil }
            courses[i].status = "bestätigt"
            return "course \(courses[i].number) geplant → bestätigt"
        case 8, 9:
            guard let i = rng.pick(editable(today)) else { return nil }
            let booking = addBooking(
                course: courses[i].number, rng: &rng, status: rng.chance(0.8) ? "Bestätigte Buchung" : "Anfrage")
            return "booking \(booking.number) \(booking.status) in \(booking.course) <\(booking.email)>"
        case 10:
            guard let b = pickBooking(today, rng: &rng, where: { $0.status != "Storniert" }) else { return nil }
            bookings[b].status = "Storniert"
            return "booking \(bookings[b].number) storniert"
        case 11:
            // Re-booked under a new number after a cancellation.
            guard let b = pickBooking(today, rng: &rng, where: { $0.status == "Storniert" }) else { return nil }
            let old = bookings[b]
            let new = addBooking(
                course: old.course, rng: &rng, status: "Bestätigte Buchung",
                person: (old.firstName, old.lastName, old.email))
            return "re-booking \(old.number) → \(new.number) <\(old.email)>"
        case 12:
            guard let b = pickBooking(today, rng: &rng, where: { $0.status != "Storniert" }) else { return nil }
            let old = bookings[b].email
            let id = nextPerson
            nextPerson += 1
            bookings[b].email =
                rng.chance(0.3) ? old.uppercased() : "\(bookings[b].firstName.lowercased()).neu\(id)@example.net"
            return "e-mail \(bookings[b].number) <\(old)> → <\(bookings[b].email)>"
        case 13:
            guard let b = pickBooking(today, rng: &rng, where: { _ in true }) else { return nil }
            let gone = bookings.remove(at: b)
            return "booking \(gone.number) vanished from \(gone.course)"
        case 14:
            guard let b = pickBooking(today, rng: &rng, where: { $0.status == "Anfrage" }) else { return nil }
            bookings[b].status = "Bestätigte Buchung"
            return "booking \(bookings[b].number) Anfrage → Bestätigte Buchung"
        default:
            // A second booking for an address already booked (one registrant, a warning).
            guard let b = pickBooking(today, rng: &rng, where: { $0.status == "Bestätigte Buchung" }) else {
                return nil
            }
            let old = bookings[b]
            let email = rng.chance(0.5) ? old.email.uppercased() : old.email
            let new = addBooking(
                course: old.course, rng: &rng, status: "Bestätigte Buchung",
                person: (old.firstName, old.lastName, email))
            return "second booking \(new.number) for <\(email)> in \(old.course)"
        }
    }

    func pickBooking(_ today: SoakDay, rng: inout SoakRNG, where predicate: (SoakBooking) -> Bool) -> Int? {
        let open = Set(editable(today).map { courses[$0].number })
        return rng.pick(bookings.indices.filter { open.contains(bookings[$0].course) && predicate(bookings[$0]) })
    }
}
