import Foundation

extension DesiredCourse {
    /// The meeting the course should have in Zoom (nil unless the intent is `.sync`). After all
    /// meeting actions of a course succeed, this is what the state records as `lastSent`.
    public var meetingSpec: MeetingSpec? {
        if case .sync(let meeting, _, _, _) = intent { return meeting }
        return nil
    }

    /// The host the course's meeting belongs to (nil unless the intent is `.sync`).
    public var host: String? {
        if case .sync(_, let host, _, _) = intent { return host }
        return nil
    }
}

public enum DesiredStateBuilder {
    /// The marker at the start of every agenda semco-zoom writes, e.g. `[SEMCO 10062]`: how a
    /// meeting is recognised as the course's own in Zoom (crash recovery, listing).
    public static func agendaMarker(_ course: CourseNumber) -> String { "[SEMCO \(course.rawValue)]" }

    /// Zoom's limits for the fields semco-zoom sets.
    public static let topicLimit = 200
    public static let agendaLimit = 2000

    /// Pure: which courses are managed and what their meetings and registrants should be.
    /// `diagnostics` are the validator's (a course with an error diagnostic is `.blocked`).
    public static func build(
        snapshot: Snapshot, diagnostics: [Diagnostic], state: SyncState,
        configuration: Configuration, options: DesiredStateOptions
    ) -> DesiredState {
        var builder = Builder(
            snapshot: snapshot, validatorDiagnostics: diagnostics, state: state,
            configuration: configuration, options: options)
        return builder.run()
    }
}

/// The working state of one build: collects courses and diagnostics.
fileprivate struct Builder {
    let snapshot: Snapshot
    let state: SyncState
    let configuration: Configuration
    let options: DesiredStateOptions
    /// The codes of each course's own error diagnostics (a booking's error costs that booking alone).
    let errorCodes: [CourseNumber: Set<String>]
    let timeZone: TimeZone?
    /// Positions into `snapshot.bookings` per course, in export order (not a second copy of
    /// every booking).
    let bookingsByCourse: [CourseNumber: [Int32]]
    let trainersByCourse: [CourseNumber: [TrainerAssignment]]

    var courses: [DesiredCourse] = []
    var diagnostics: [Diagnostic] = []
    var untriggered: Set<CourseNumber> = []
    var hostKept: Set<CourseNumber> = []

    init(
        snapshot: Snapshot, validatorDiagnostics: [Diagnostic], state: SyncState, configuration: Configuration,
        options: DesiredStateOptions
    ) {
        self.snapshot = snapshot
        self.state = state
        self.configuration = configuration
        self.options = options
        // Only a course's own errors block it: a booking's error (no or unusable address, the host
        // booked as participant) costs that booking alone ("a booking's failure never stops its course").
        var errorCodes: [CourseNumber: Set<String>] = [:]
        for diagnostic in validatorDiagnostics where diagnostic.severity == .error && diagnostic.booking == nil {
            if let course = diagnostic.course { errorCodes[course, default: []].insert(diagnostic.code) }
        }
        self.errorCodes = errorCodes
        self.timeZone = TimeZone(identifier: configuration.timeZone)
        var bookingsByCourse: [CourseNumber: [Int32]] = [:]
        for (position, booking) in snapshot.bookings.enumerated() {
            bookingsByCourse[booking.courseNumber, default: []].append(Int32(truncatingIfNeeded: position))
        }
        self.bookingsByCourse = bookingsByCourse
        self.trainersByCourse = Dictionary(grouping: snapshot.trainers, by: \.courseNumber)
    }

    func inScope(_ number: CourseNumber) -> Bool { options.courses.isEmpty || options.courses.contains(number) }

    func isZoomCourse(_ course: Course) -> Bool {
        configuration.isZoomRoom(course.venue)
    }

    mutating func run() -> DesiredState {
        if timeZone == nil { diagnostics.append(PlanCatalogue.unknownTimeZone(configuration.timeZone)) }

        // The first record of a course number wins (the validator reports duplicates).
        var snapshotCourses: [CourseNumber: Course] = [:]
        for course in snapshot.courses where snapshotCourses[course.number] == nil {
            snapshotCourses[course.number] = course
        }

        var candidates: [(number: CourseNumber, course: Course?)] = []
        for (number, course) in snapshotCourses where inScope(number) {
            if isZoomCourse(course) || state[course: number] != nil {
                candidates.append((number, course))
            } else if options.courses.contains(number) {
                diagnostics.append(PlanCatalogue.notZoomCourse(course, room: configuration.zoomRoom))
            }
        }
        for managed in state.courses.values where snapshotCourses[managed.number] == nil && inScope(managed.number) {
            candidates.append((managed.number, nil))
        }
        for number in options.courses where snapshotCourses[number] == nil && state[course: number] == nil {
            diagnostics.append(PlanCatalogue.unknownCourse(number))
        }
        candidates.sort { $0.number < $1.number }

        for candidate in candidates {
            if let course = candidate.course {
                courses.append(desire(course))
            } else if let managed = state[course: candidate.number] {
                courses.append(missingFromExport(managed))
            }
        }
        resolveHostOverlaps()
        return DesiredState(
            courses: courses, diagnostics: diagnostics, untriggered: untriggered, hostKept: hostKept)
    }

    // MARK: - One course

    mutating func missingFromExport(_ managed: ManagedCourse) -> DesiredCourse {
        if managed.phase == .active {
            diagnostics.append(PlanCatalogue.courseMissing(managed.number))
        }
        return DesiredCourse(
            number: managed.number, title: "", intent: .leaveAlone(PlanCatalogue.reasonMissing),
            firstSession: nil)
    }

    mutating func desire(_ course: Course) -> DesiredCourse {
        let managed = state[course: course.number]
        let hasMeeting =
            managed.map { $0.phase != .deleted && ($0.meetingID != nil || $0.pendingCreate != nil) } ?? false
        let sessions = timeZone.map { course.sessions(in: $0) } ?? []
        let firstSession = sessions.first?.start
        func result(_ intent: CourseIntent, finished: Bool = false) -> DesiredCourse {
            DesiredCourse(
                number: course.number, title: course.title, intent: intent, firstSession: firstSession,
                finished: finished)
        }

        if !isZoomCourse(course) {
            // A managed course moved away from the Zoom room: its meeting is left as it is.
            if managed?.phase == .active {
                diagnostics.append(PlanCatalogue.notZoomCourse(course, room: configuration.zoomRoom))
            }
            return result(.leaveAlone(PlanCatalogue.reasonNotZoomCourse))
        }
        if managed?.phase == .closed {
            return result(.leaveAlone(PlanCatalogue.reasonClosed), finished: true)
        }

        switch course.status {
        case .planned:
            if hasMeeting { diagnostics.append(PlanCatalogue.plannedLeftAlone(course)) }
            return result(.leaveAlone(PlanCatalogue.reasonPlanned))
        case .cancelled:
            return hasMeeting ? result(.delete) : result(.leaveAlone(PlanCatalogue.reasonCancelledNoMeeting))
        case .finished:
            return result(.leaveAlone(PlanCatalogue.reasonFinished), finished: true)
        case .confirmed, .running:
            break
        }

        let stillManaged = managed?.phase == .active
        let eligible = course.endDay >= options.today
        if !eligible {
            return result(.leaveAlone(PlanCatalogue.reasonOver), finished: true)
        }
        let triggered =
            course.syncRequested == true || (course.syncRequested == nil && configuration.autoSync)
            || options.courses.contains(course.number)
        guard triggered || stillManaged else {
            // Nobody asked for this course: its findings wait for `validate` (docs/sync-rules.md).
            untriggered.insert(course.number)
            return result(.leaveAlone(PlanCatalogue.reasonNotTriggered))
        }
        guard let timeZone else { return result(.blocked) }
        // A course with a meeting keeps its host: what the export now says about the moderator
        // blocks nothing (one warning below says so).
        var blocking = errorCodes[course.number] ?? []
        if hasMeeting { blocking.subtract(ModeratorReading.codes) }
        if !blocking.isEmpty { return result(.blocked) }
        if sessions.isEmpty {
            diagnostics.append(PlanCatalogue.noSessions(course))
            return result(.blocked)
        }
        if let last = sessions.last, last.end <= options.now {
            return result(.leaveAlone(PlanCatalogue.reasonOver), finished: true)
        }

        // Host: the moderator now; once a meeting exists, the host it has (the one it was created
        // with, or the one it was given in Zoom), whatever the export now says.
        let moderator = moderatorHost(course)
        var host: String
        if hasMeeting, let managed {
            host = managed.host
            hostKept.insert(course.number)
            switch ModeratorReading.read(course, trainers: trainersByCourse[course.number] ?? []) {
            case _ where managed.hostChangedInZoom != nil:
                break  // Zoom keeps the host (changed there); SEMCO's moderator is not compared.
            case .host(let address) where address == managed.host.lowercased():
                break
            case .host(let address):
                diagnostics.append(
                    PlanCatalogue.hostChanged(
                        course, kept: managed.host, moderator: LocalizedText(de: address, en: address)))
            case .unusable(let description):
                diagnostics.append(PlanCatalogue.hostChanged(course, kept: managed.host, moderator: description))
            }
        } else if let moderator {
            host = moderator
        } else {
            diagnostics.append(PlanCatalogue.noHost(course))
            return result(.blocked)
        }
        host = host.lowercased()

        guard let meeting = meetingSpec(course, sessions: sessions, timeZone: timeZone) else { return result(.blocked) }
        let (registrants, cancelled) = registrants(course, host: host, managed: managed)
        var desired = result(
            .sync(meeting: meeting, host: host, registrants: registrants, cancelledBookings: cancelled))
        if configuration.alternativeHosts == .trainers {
            desired.trainers = CoTrainer.of(trainersByCourse[course.number] ?? [])
        }
        return desired
    }

    /// The moderator's Zoom user, lower-cased; nil when the course has none that can host.
    func moderatorHost(_ course: Course) -> String? {
        func clean(_ text: String?) -> String? {
            guard let value = text.map(TextTrim.whitespaces), !value.isEmpty else { return nil }
            return value.lowercased()
        }
        switch course.moderatorRole {
        case .courseSupervisor:
            return clean(course.supervisor?.zoomUser)
        case .trainer:
            let moderators = (trainersByCourse[course.number] ?? [])
                .filter { $0.isModerator && $0.loginActive && clean($0.zoomUser) != nil }
                .sorted { $0.shortCode < $1.shortCode }
            return clean(moderators.first?.zoomUser)
        case nil:
            return nil
        }
    }

    // MARK: - Meeting

    mutating func meetingSpec(_ course: Course, sessions: [Session], timeZone: TimeZone) -> MeetingSpec? {
        var topic = course.title
        if topic.count > DesiredStateBuilder.topicLimit {
            topic = String(topic.prefix(DesiredStateBuilder.topicLimit))
            diagnostics.append(PlanCatalogue.topicCut(course, limit: DesiredStateBuilder.topicLimit))
        }
        let agenda = String(
            (DesiredStateBuilder.agendaMarker(course.number) + "\n" + course.title).prefix(
                DesiredStateBuilder.agendaLimit))
        let webinar = configuration.kind == .webinar
        let first = sessions[0]
        let start = LocalDateTime(day: first.day, time: first.from).description

        var days: Set<CalendarDay> = []
        for session in sessions where !days.insert(session.day).inserted {
            diagnostics.append(PlanCatalogue.twoSessionsOneDay(course, day: session.day))
            return nil
        }

        var settings = MeetingSettings(
            approval: .manual, registration: nil,
            registrantsEmailNotification: configuration.notifyRegistrants,
            registrantsConfirmationEmail: configuration.notifyRegistrants)
        if sessions.count == 1 {
            return MeetingSpec(
                topic: topic, agenda: agenda, kind: webinar ? .webinar : .meeting, startTime: start,
                timezone: configuration.timeZone, duration: first.durationMinutes, recurrence: nil,
                sessions: sessions, settings: settings)
        }
        // A weekly series over the sessions' weekdays from the first session to the last; where
        // the sessions are not exactly that series, the planner deletes and moves occurrences.
        let weekdays = Set(sessions.map(\.day.weekday))
        let count = OccurrenceRule.weeklyCount(
            from: first.day, through: sessions[sessions.count - 1].day, weekdays: weekdays)
        if count > OccurrenceRule.maximumOccurrences {
            diagnostics.append(PlanCatalogue.tooManyOccurrences(course, count: count, sessions: sessions.count))
            return nil
        }
        settings.registration = .onceForAllSessions
        let recurrence = MeetingRecurrence(
            frequency: .weekly, repeatInterval: 1, weekdays: weekdays, endTimes: count)
        return MeetingSpec(
            topic: topic, agenda: agenda, kind: webinar ? .webinarSeries : .meetingSeries, startTime: start,
            timezone: configuration.timeZone, duration: first.durationMinutes, recurrence: recurrence,
            sessions: sessions, settings: settings)
    }

    // MARK: - Registrants

    /// Desired registrants (one per address, in booking order) and the cancelled bookings
    /// (Storniert, or a state registrant's booking that vanished from the snapshot).
    func registrants(_ course: Course, host: String, managed: ManagedCourse?) -> ([DesiredRegistrant], [String]) {
        let bookings = (bookingsByCourse[course.number] ?? []).map { snapshot.bookings[Int($0)] }.sorted {
            $0.number < $1.number
        }
        let registering = BookingStatusSet(configuration.registeringStatuses)
        var byAddress: [String: DesiredRegistrant] = [:]
        var order: [String] = []
        var cancelled: [String] = []
        for booking in bookings {
            if booking.status == .cancelled { cancelled.append(booking.number) }
            guard registering.contains(booking.status), let raw = booking.email else { continue }
            let email = TextTrim.whitespaces(raw)
            let key = TextCase.lowercased(email)
            guard RegistrantAddress.isAcceptable(email), key != host else { continue }
            if byAddress[key] == nil {
                order.append(key)
                byAddress[key] = DesiredRegistrant(
                    email: email, firstName: booking.firstName, lastName: booking.lastName,
                    org: booking.company.flatMap { $0.isEmpty ? nil : $0 }, bookings: [booking.number])
            } else {
                byAddress[key]!.bookings.append(booking.number)
            }
        }
        // A booking no longer holds a registered address when it vanished, or when SEMCO now has
        // another address for it (e-mail changed): the old address is cancelled unless another
        // active booking holds it (the planner checks that against the desired registrants).
        var addressOfBooking: [String: String] = [:]
        for booking in bookings {
            addressOfBooking[booking.number] = booking.email.map { TextCase.lowercased(TextTrim.whitespaces($0)) } ?? ""
        }
        for (key, registrant) in managed?.registrants ?? [:] {
            for booking in registrant.bookings {
                guard let address = addressOfBooking[booking] else {
                    cancelled.append(booking)
                    continue
                }
                if address != key.lowercased() { cancelled.append(booking) }
            }
        }
        return (order.map { byAddress[$0]! }, Array(Set(cancelled)).sorted())
    }

    // MARK: - Host overlap

    /// One Zoom user cannot host two meetings whose sessions overlap. The course already synced
    /// keeps its slot; between two new ones the lower course number wins.
    mutating func resolveHostOverlaps() {
        var indicesByHost: [String: [Int]] = [:]
        for (index, course) in courses.enumerated() {
            if case .sync(_, let host, _, _) = course.intent { indicesByHost[host, default: []].append(index) }
        }
        for host in indicesByHost.keys.sorted() {
            let indices = indicesByHost[host]!.sorted { a, b in
                let syncedA = isSynced(courses[a].number)
                let syncedB = isSynced(courses[b].number)
                if syncedA != syncedB { return syncedA }
                return courses[a].number < courses[b].number
            }
            var kept: [Int] = []
            for index in indices {
                let sessions = courses[index].meetingSpec?.sessions ?? []
                let clash = kept.first { other in
                    Self.overlap(sessions, courses[other].meetingSpec?.sessions ?? [])
                }
                if let clash, !isSynced(courses[index].number) {
                    diagnostics.append(
                        PlanCatalogue.hostOverlap(courses[index].number, other: courses[clash].number, host: host))
                    courses[index].intent = .blocked
                } else {
                    kept.append(index)
                }
            }
        }
    }

    /// Whether two time-ordered session lists have two sessions that overlap (touching is fine).
    static func overlap(_ a: [Session], _ b: [Session]) -> Bool {
        guard let firstA = a.first, let lastA = a.last, let firstB = b.first, let lastB = b.last,
            firstA.start < lastB.end, firstB.start < lastA.end
        else { return false }
        // Merge scan over both lists (each in start order, sessions of one course never overlap).
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i].start < b[j].end && b[j].start < a[i].end { return true }
            if a[i].end <= b[j].end { i += 1 } else { j += 1 }
        }
        return false
    }

    func isSynced(_ number: CourseNumber) -> Bool {
        guard let managed = state[course: number], managed.phase == .active else { return false }
        return managed.meetingID != nil || managed.pendingCreate != nil
    }
}

/// The addresses Zoom takes as registrants.
public enum RegistrantAddress {
    /// ASCII only (Zoom refuses umlauts), one `@`, a local part and a dotted domain without empty
    /// labels, no spaces or list separators. One pass over the bytes.
    public static func isAcceptable(_ email: String) -> Bool {
        var ats = 0
        var localLength = 0
        var labelLength = 0
        var labels = 0
        for byte in email.utf8 {
            switch byte {
            case 0x80...: return false  // not ASCII
            case 0x00...0x20, 0x7F: return false  // controls and space
            case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "("),
                UInt8(ascii: ")"),
                UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "\\"), UInt8(ascii: "\""):
                return false
            case UInt8(ascii: "@"):
                ats += 1
                guard ats == 1, localLength > 0 else { return false }
            case UInt8(ascii: ".") where ats == 1:
                guard labelLength > 0 else { return false }
                labels += 1
                labelLength = 0
            default:
                if ats == 0 { localLength += 1 } else { labelLength += 1 }
            }
        }
        return ats == 1 && labelLength > 0 && labels >= 1
    }
}
