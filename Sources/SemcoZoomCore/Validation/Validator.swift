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
            // The sessions whose end is not after their start: the dated ones, or the weekly
            // times where the course lists no dated session.
            let endBeforeStart: [(what: LocalizedText, from: LocalTime, to: LocalTime, source: SourceLocation?)] =
                course.scheduledDates.isEmpty
                ? course.weeklyTimes.filter { $0.to <= $0.from }.map {
                    (
                        LocalizedText(
                            de: "Die Kurszeit am \($0.weekday.german)", en: "The course time on \($0.weekday.english)"),
                        $0.from, $0.to, course.source
                    )
                }
                : course.scheduledDates.filter { $0.to <= $0.from }.map {
                    (
                        LocalizedText(
                            de: "Der Einzeltermin am \($0.day.german)", en: "The session on \($0.day.german)"),
                        $0.from, $0.to, $0.source
                    )
                }
            for session in endBeforeStart {
                result.append(
                    Catalog.sessionEndBeforeStart(
                        course, what: session.what, from: session.from, to: session.to, source: session.source))
            }
            let badTimes = !endBeforeStart.isEmpty
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
        // The moderator's Zoom user becomes the host when it is an e-mail address. The name is
        // only for a message (made when one is needed).
        func takeHost(_ zoomUser: String?, personName: () -> String, source: SourceLocation?) {
            guard let user = zoomUser else {
                result.append(Catalog.moderatorNoZoomUser(course, personName: personName(), source: source))
                return
            }
            if isAcceptableEmail(user) {
                host = user
            } else {
                result.append(
                    Catalog.moderatorZoomUserInvalid(course, personName: personName(), zoomUser: user, source: source))
            }
        }
        switch course.moderatorRole {
        case nil:
            result.append(Catalog.noModerator(course))
        case .courseSupervisor?:
            if let supervisor = course.supervisor, supervisor.name != nil || supervisor.zoomUser != nil {
                takeHost(
                    supervisor.zoomUser,
                    personName: { supervisor.name.map(displayName(fromSEMCOName:)) ?? supervisor.shortCode ?? "?" },
                    source: course.source)
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
                takeHost(trainer.zoomUser, personName: { trainer.displayName }, source: trainer.source)
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

/// What the booking loop found about one address.
fileprivate enum AddressVerdict {
    case umlaut, invalid, host, first
    /// The same address (ignoring case) as the booking at this position, seen first.
    case duplicate(of: Int)
}
