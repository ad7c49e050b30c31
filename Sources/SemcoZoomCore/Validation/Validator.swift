import Foundation

public enum Validator {
    /// Course- and booking-level diagnostics (never fatal) for a snapshot that was read.
    ///
    /// The Zoom-specific checks judge only Zoom courses (Veranstaltungsort = the configured
    /// room, case-insensitive) that a run could sync: status `bestätigt` or `laufender Kurs`
    /// and not ended before `today`. Rows for courses missing from the course export are
    /// warned about for every course.
    public static func validate(_ snapshot: Snapshot, configuration: Configuration, today: CalendarDay) -> [Diagnostic]
    {
        let timeZone = TimeZone(identifier: configuration.timeZone) ?? TimeZone(identifier: "Europe/Berlin")!
        // One hash per row: course number → group (the first course with that number).
        // The group of each course is kept by position for the per-course pass.
        var group: [CourseNumber: Int] = [:]
        group.reserveCapacity(snapshot.courses.count)
        var groupOfPosition = [Int](repeating: 0, count: snapshot.courses.count)
        for position in snapshot.courses.indices {
            let number = snapshot.courses[position].number
            if let existing = group[number] {
                groupOfPosition[position] = existing
            } else {
                groupOfPosition[position] = group.count
                group[number] = group.count
            }
        }
        // Each course's trainers and bookings as positions into the snapshot, not copies.
        var diagnostics: [Diagnostic] = []
        // (By position: `for x in array` would copy every element, retaining its strings.)
        var trainerGroups = PositionGroups(groupCount: group.count, capacity: snapshot.trainers.count)
        for position in snapshot.trainers.indices {
            let index = group[snapshot.trainers[position].courseNumber]
            trainerGroups.add(index)
            if index == nil {
                diagnostics.append(DiagnosticCatalog.trainerForUnknownCourse(snapshot.trainers[position]))
            }
        }
        var bookingGroups = PositionGroups(groupCount: group.count, capacity: snapshot.bookings.count)
        // An export lists a course's bookings one after another: a booking for the same
        // course as the one before needs no hash lookup (comparing two short numbers is cheap).
        var previous: (number: CourseNumber, index: Int?)?
        for position in snapshot.bookings.indices {
            let number = snapshot.bookings[position].courseNumber
            let index: Int?
            if let previous, previous.number == number {
                index = previous.index
            } else {
                index = group[number]
                previous = (number, index)
            }
            bookingGroups.add(index)
            if index == nil {
                diagnostics.append(DiagnosticCatalog.bookingForUnknownCourse(snapshot.bookings[position]))
            }
        }
        let trainersByCourse = trainerGroups.sorted()
        let bookingsByCourse = bookingGroups.sorted()
        let registering = BookingStatusSet(configuration.registeringStatuses)
        let rooms = configuration.zoomRooms.map(TextTrim.whitespaces)
        let judged = snapshot.courses.indices.filter { isJudged(snapshot.courses[$0], rooms: rooms, today: today) }
        let groupOfCourse = groupOfPosition

        // The judged courses' diagnostics, in course order.
        func check(_ part: ArraySlice<Int>) -> [Diagnostic] {
            var result: [Diagnostic] = []
            var addresses = AddressTable()
            for position in part {
                // The course is read in place (a copy would retain each of its strings).
                let index = groupOfCourse[position]
                let trainers = trainersByCourse.members(of: index).lazy.map { snapshot.trainers[Int($0)] }
                result += validate(
                    snapshot.courses[position], trainers: trainers,
                    bookingPositions: bookingsByCourse.members(of: index),
                    of: snapshot.bookings, configuration: configuration, registering: registering, timeZone: timeZone,
                    addresses: &addresses)
            }
            return result
        }
        let perCourse = check(judged[...])
        return perCourse + diagnostics
    }

    /// A Zoom course that a run could sync.
    public static func isJudged(_ course: Course, configuration: Configuration, today: CalendarDay) -> Bool {
        isZoomCourse(course, configuration: configuration)
            && (course.status == .confirmed || course.status == .running)
            && course.endDay >= today
    }

    public static func isZoomCourse(_ course: Course, configuration: Configuration) -> Bool {
        isZoomCourse(course, rooms: configuration.zoomRooms.map(TextTrim.whitespaces))
    }

    static func isJudged(_ course: Course, rooms: [String], today: CalendarDay) -> Bool {
        (course.status == .confirmed || course.status == .running) && course.endDay >= today
            && isZoomCourse(course, rooms: rooms)
    }

    /// `rooms` already trimmed. Byte-equal is the common case; otherwise Foundation's
    /// case-insensitive comparison decides.
    static func isZoomCourse(_ course: Course, rooms: [String]) -> Bool {
        let venue = TextTrim.whitespaces(course.venue)
        for room in rooms {
            if venue.utf8.elementsEqual(room.utf8) { return true }
            if venue.caseInsensitiveCompare(room) == .orderedSame { return true }
        }
        return false
    }

    /// One course; its bookings are `bookings[position]` for each of `bookingPositions`
    /// (read in place, not copied).
    /// `addresses`: a table re-used from course to course (emptied here).
    static func validate<Trainers: Sequence<TrainerAssignment>>(
        _ course: Course, trainers: Trainers, bookingPositions: ArraySlice<Int32>, of bookings: [Booking],
        configuration: Configuration,
        registering: BookingStatusSet, timeZone: TimeZone, addresses: inout AddressTable
    ) -> [Diagnostic] {
        var result: [Diagnostic] = []
        typealias Catalog = DiagnosticCatalog

        // Dates and times.
        if course.endDay < course.startDay { result.append(Catalog.endBeforeStart(course)) }
        if course.scheduledDates.isEmpty && course.weeklyTimes.isEmpty {
            result.append(Catalog.noTimes(course))
        } else {
            var badTimes = false
            if course.scheduledDates.isEmpty {
                for time in course.weeklyTimes where time.to <= time.from {
                    badTimes = true
                    result.append(
                        Catalog.sessionEndBeforeStart(
                            course,
                            what: LocalizedText(
                                de: "Die Kurszeit am \(time.weekday.german)",
                                en: "The course time on \(time.weekday.english)"),
                            from: time.from, to: time.to, source: course.source))
                }
            } else {
                for date in course.scheduledDates where date.to <= date.from {
                    badTimes = true
                    result.append(
                        Catalog.sessionEndBeforeStart(
                            course,
                            what: LocalizedText(
                                de: "Der Einzeltermin am \(date.day.german)", en: "The session on \(date.day.german)"),
                            from: date.from, to: date.to, source: date.source))
                }
            }
            let sessionCount = course.sessionCount()
            if sessionCount == 0 && !badTimes && course.startDay <= course.endDay && course.scheduledDates.isEmpty {
                result.append(Catalog.noSessionsInRange(course))
            }
            if sessionCount > Catalog.maximumSessions {
                result.append(Catalog.tooManySessions(course, count: sessionCount))
            }
        }

        // The moderator (host).
        var host: String?
        switch course.moderatorRole {
        case nil:
            result.append(Catalog.noModerator(course))
        case .courseSupervisor?:
            if let supervisor = course.supervisor, supervisor.name != nil || supervisor.zoomUser != nil {
                // The name only for a message (made when one is needed).
                func name() -> String {
                    supervisor.name.map(displayName(fromSEMCOName:)) ?? supervisor.shortCode ?? "?"
                }
                if let user = supervisor.zoomUser {
                    if isAcceptableEmail(user) {
                        host = user
                    } else {
                        result.append(
                            Catalog.moderatorZoomUserInvalid(
                                course, personName: name(), zoomUser: user, source: course.source))
                    }
                } else {
                    result.append(Catalog.moderatorNoZoomUser(course, personName: name(), source: course.source))
                }
            } else {
                result.append(Catalog.noModerator(course))
            }
        case .trainer?:
            let ticked = trainers.filter(\.isModerator)
            if ticked.isEmpty {
                result.append(Catalog.moderatorNotTicked(course))
            } else if ticked.count > 1 {
                result.append(Catalog.severalModerators(course, names: ticked.map(\.displayName)))
            } else {
                let trainer = ticked[0]
                if let user = trainer.zoomUser {
                    if isAcceptableEmail(user) {
                        host = user
                    } else {
                        result.append(
                            Catalog.moderatorZoomUserInvalid(
                                course, personName: trainer.displayName, zoomUser: user, source: trainer.source))
                    }
                } else {
                    result.append(
                        Catalog.moderatorNoZoomUser(course, personName: trainer.displayName, source: trainer.source))
                }
                if !trainer.loginActive { result.append(Catalog.moderatorLoginInactive(course, trainer: trainer)) }
            }
        }

        if course.title.count > Catalog.maximumTitleLength { result.append(Catalog.titleTooLong(course)) }

        // Bookings that would be registered. An address is compared in lower case: for the
        // ASCII addresses that get this far, ASCII lower-casing of the bytes is `lowercased()`
        // and byte equality is `String` equality.
        addresses.removeAll()
        var active = 0
        let hostKey = host?.lowercased()
        for position in bookingPositions {
            let b = Int(position)
            guard registering.contains(bookings[b].status) else { continue }
            active += 1
            guard var email = bookings[b].email.map(TextTrim.whitespaces), !email.isEmpty else {
                result.append(Catalog.noEmail(bookings[b]))
                continue
            }
            let verdict = email.withUTF8 { bytes -> AddressVerdict in
                for byte in bytes where byte >= 0x80 { return .umlaut }
                if !isAcceptableEmail(bytes: bytes) { return .invalid }
                if let hostKey, AddressTable.equalIgnoringASCIICase(bytes, hostKey) { return .host }
                let first = addresses.insert(bytes, position: position) { earlier in
                    // Only on equal hashes: the earlier booking's address, as trimmed above.
                    var other = TextTrim.whitespaces(bookings[Int(earlier)].email!)
                    return other.withUTF8 { AddressTable.equalIgnoringASCIICase(bytes, $0) }
                }
                return first.map { .duplicate(of: Int($0)) } ?? .first
            }
            switch verdict {
            case .umlaut: result.append(Catalog.emailUmlaut(bookings[b], email: email))
            case .invalid: result.append(Catalog.emailInvalid(bookings[b], email: email))
            case .host: result.append(Catalog.hostAsParticipant(bookings[b], course: course))
            case .duplicate(let first):
                result.append(Catalog.duplicateEmail(bookings[b], email: email, otherBooking: bookings[first].number))
            case .first: break
            }
        }
        // Capacity: Zoom admits no more than the licence, whatever Max. TN says; the smaller of
        // the two is what the bookings must fit in (still synced either way).
        let licence = configuration.licence.participants
        if let maximum = course.maxParticipants, maximum > licence {
            result.append(Catalog.maxParticipantsOverLicence(course, licence: configuration.licence))
        }
        let capacity = min(course.maxParticipants ?? licence, licence)
        if active > capacity {
            result.append(
                Catalog.overCapacity(
                    course, confirmed: active, capacity: capacity,
                    fromLicence: (course.maxParticipants ?? Int.max) > licence))
        }
        return result
    }

    /// `Nachname, Vorname` (SEMCO's display form) → `Vorname Nachname` (the guide's messages).
    public static func displayName(fromSEMCOName name: String) -> String {
        guard let comma = name.firstIndex(of: ",") else { return name.trimmingCharacters(in: .whitespaces) }
        let last = name[..<comma].trimmingCharacters(in: .whitespaces)
        let first = name[name.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        return first.isEmpty ? last : "\(first) \(last)"
    }

    /// An address Zoom will take: ASCII, one `@`, a plain local part and a dotted domain.
    /// Works on the UTF-8 bytes (an address with any non-ASCII character is refused first).
    public static func isAcceptableEmail(_ text: String) -> Bool {
        var email = TextTrim.whitespaces(text)
        return email.withUTF8 { isAcceptableEmail(bytes: $0) }
    }

    /// One pass over the bytes: the local part up to the `@`, then the domain's labels.
    private static func isAcceptableEmail(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // At most 254 characters (for ASCII, a CRLF pair is one Character; CR and LF are
        // refused below anyway, so counting bytes gives the same verdict).
        let n = bytes.count
        guard n <= 254 else { return false }
        // The local part: 1–64 allowed characters, no dot first, last or twice in a row
        // (a byte of 0x80 or more is not allowed).
        var i = 0
        var previousDot = true  // refuses a dot first
        while i < n && bytes[i] != 0x40 {
            let b = bytes[i]
            if b == 0x2E {
                if previousDot { return false }
                previousDot = true
            } else {
                guard isLocalAllowed(b) else { return false }
                previousDot = false
            }
            i += 1
        }
        guard i < n, i <= 64, !previousDot else { return false }  // no `@`, an empty or long local part, a dot last
        // The domain: labels of 1–63 letters, digits and `-` (not first or last) between
        // dots (so a second `@` is refused); at least two, the last of two or more letters.
        var labels = 0
        var length = 0
        var allLetters = true
        var first: UInt8 = 0
        var last: UInt8 = 0
        i += 1
        while true {
            let atEnd = i == n
            if atEnd || bytes[i] == 0x2E {
                guard length > 0, length <= 63, first != 0x2D, last != 0x2D else { return false }
                labels += 1
                if atEnd { return labels >= 2 && allLetters && length >= 2 }
                length = 0
                allLetters = true
            } else {
                let b = bytes[i]
                let letter = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                guard letter || (b >= 0x30 && b <= 0x39) || b == 0x2D else { return false }
                if !letter { allLetters = false }
                if length == 0 { first = b }
                last = b
                length += 1
            }
            i += 1
        }
    }

    /// `a-zA-Z0-9` and ``!#$%&'*+-/=?^_`{|}~.``
    @inline(__always)
    private static func isLocalAllowed(_ b: UInt8) -> Bool {
        switch b {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39: return true
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2F, 0x3D, 0x3F, 0x5E, 0x5F, 0x60, 0x7B, 0x7C, 0x7D,
            0x7E, 0x2E:
            return true
        default: return false
        }
    }
}

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

/// What the booking loop found about one address.
fileprivate enum AddressVerdict {
    case umlaut, invalid, host, first
    /// The same address (ignoring case) as the booking at this position, seen first.
    case duplicate(of: Int)
}

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
