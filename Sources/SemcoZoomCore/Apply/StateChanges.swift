import Foundation

/// Every change the run makes to the state, as a named pure function: the executor journals
/// them (`StateJournal.update(course:)`, after Zoom took the write, as before), the plan's
/// state-only updates go through `takePlanned`. Nothing else changes a managed course.
extension SyncState {
    // MARK: - Planned (no Zoom call)

    /// The plan's state-only change of a course (a new managed course, a gone-since mark, what
    /// Zoom listed), applied before the actions. With `keepingPendingCreate`, an interrupted
    /// create that could not be checked stays recorded until it is resolved.
    public mutating func takePlanned(_ course: ManagedCourse, keepingPendingCreate: Bool) {
        var course = course
        if keepingPendingCreate, course.meetingID == nil, course.pendingCreate == nil {
            course.pendingCreate = self[course: course.number]?.pendingCreate
        }
        self[course: course.number] = course
    }

    /// The course's meeting was deleted in Zoom (confirmed): its id and everything read with it
    /// are forgotten, so that the meeting is created anew.
    public mutating func forgetMeeting(course number: CourseNumber, id: ZoomMeetingID) {
        guard var managed = self[course: number] else { return }
        if managed.meetingID == id {
            managed.meetingID = nil
            managed.lastSent = nil
            managed.alternativeHosts = nil
            managed.joinURL = nil
            managed.registrationURL = nil
            managed.goneSince = nil
            managed.registrants = [:]
        }
        self[course: number] = managed
    }

    /// The course is over and left alone from now on.
    public mutating func close(course number: CourseNumber) {
        self[course: number]?.phase = .closed
    }

    // MARK: - Meetings

    /// Before the create call: the intent, so that a kill after Zoom answered is resolved by the
    /// marker next time.
    public mutating func recordCreateIntent(course number: CourseNumber, host: String, marker: String, at: Date) {
        var managed = self[course: number] ?? ManagedCourse(number: number, host: host.lowercased())
        managed.pendingCreate = PendingCreate(marker: marker, host: host.lowercased(), recordedAt: at)
        self[course: number] = managed
    }

    /// The create did not happen (Zoom refused it, or the daily limit).
    public mutating func clearCreateIntent(course number: CourseNumber) {
        self[course: number]?.pendingCreate = nil
    }

    /// Zoom created (or the marker found) the course's meeting from `request`; `spec` is what was
    /// sent. Counts one of `host`'s daily writes on `day`.
    public mutating func recordCreated(
        course number: CourseNumber, meeting: ZoomMeeting, spec: MeetingSpec, request: MeetingChange,
        alternativeHosts option: Configuration.AlternativeHostsOption, host: String?, day: CalendarDay
    ) {
        guard var managed = self[course: number] else { return }
        managed.meetingID = meeting.id
        managed.joinURL = meeting.joinURL
        managed.registrationURL = meeting.registrationURL
        managed.pendingCreate = nil
        managed.goneSince = nil
        managed.phase = .active
        managed.lastSent = spec
        AlternativeHosts.recordSent(request, into: &managed, isCreate: true, option: option)
        self[course: number] = managed
        if let host { countDailyWrite(host: host, day: day) }
    }

    /// A meeting found by its agenda marker after a crash becomes the course's meeting.
    public mutating func recordAdopted(course number: CourseNumber, meeting: ZoomMeeting) {
        guard var managed = self[course: number] else { return }
        managed.meetingID = meeting.id
        managed.joinURL = meeting.joinURL ?? managed.joinURL
        managed.registrationURL = meeting.registrationURL ?? managed.registrationURL
        managed.pendingCreate = nil
        managed.goneSince = nil
        self[course: number] = managed
    }

    /// After a PATCH or an occurrence change: what Zoom now holds is `spec` (else the request
    /// merged into what was last sent); a create or update counts one of the host's daily writes.
    public mutating func recordMeetingWrite(
        course number: CourseNumber, spec: MeetingSpec?, request: MeetingChange?, countsDaily: Bool,
        day: CalendarDay
    ) {
        guard var managed = self[course: number] else { return }
        if let spec {
            managed.lastSent = spec
        } else if let request {
            managed.lastSent = MeetingSpec(sent: request, merging: managed.lastSent)
        }
        AlternativeHosts.recordSent(request, into: &managed, isCreate: false, option: .none)
        self[course: number] = managed
        if countsDaily { countDailyWrite(host: managed.host, day: day) }
    }

    /// The course's meeting is deleted in Zoom.
    public mutating func recordDeleted(course number: CourseNumber) {
        self[course: number]?.phase = .deleted
        self[course: number]?.pendingCreate = nil
    }

    /// One more create or update of `host` on the UTC `day` (Zoom's 100 a day per host).
    public mutating func countDailyWrite(host: String, day: CalendarDay) {
        var ledger = dailyWrites ?? DailyWriteLedger(day: day)
        if ledger.day != day { ledger = DailyWriteLedger(day: day) }
        ledger.perHost[host.lowercased(), default: 0] += 1
        dailyWrites = ledger
    }

    // MARK: - Registrants

    /// Zoom took the person (an add, or a denied address approved again).
    public mutating func recordRegistrant(
        course number: CourseNumber, request: ZoomRegistrantRequest, bookings: [String], registrantID: String?,
        joinURL: String?, status: ManagedRegistrant.Status
    ) {
        let key = request.email.lowercased()
        var registrant =
            self[course: number]?.registrants[key]
            ?? ManagedRegistrant(
                email: request.email, firstName: request.firstName, lastName: request.lastName ?? "",
                bookings: bookings, status: status)
        registrant.email = request.email
        if !request.firstName.isEmpty { registrant.firstName = request.firstName }
        if let last = request.lastName, !last.isEmpty { registrant.lastName = last }
        registrant.bookings = bookings.isEmpty ? registrant.bookings : bookings
        registrant.status = status
        if let registrantID { registrant.registrantID = registrantID }
        if let joinURL { registrant.joinURL = joinURL }
        self[course: number]?.registrants[key] = registrant
    }

    /// The people of one batch registration Zoom answered for, registered.
    public mutating func recordBatchRegistered(course number: CourseNumber, _ records: [BatchRegistered]) {
        for record in records {
            let key = record.request.email.lowercased()
            var registrant =
                self[course: number]?.registrants[key]
                ?? ManagedRegistrant(
                    email: record.request.email, firstName: record.request.firstName,
                    lastName: record.request.lastName ?? "", bookings: record.bookings, status: .registered)
            registrant.email = record.request.email
            if !record.request.firstName.isEmpty { registrant.firstName = record.request.firstName }
            if let last = record.request.lastName, !last.isEmpty { registrant.lastName = last }
            if !record.bookings.isEmpty { registrant.bookings = record.bookings }
            registrant.status = .registered
            registrant.registrantID = record.registrantID
            if let url = record.joinURL { registrant.joinURL = url }
            self[course: number]?.registrants[key] = registrant
        }
    }

    /// One person of a batch registration as Zoom answered for them.
    public struct BatchRegistered: Sendable {
        public var request: ZoomRegistrantRequest
        public var bookings: [String]
        public var registrantID: String
        public var joinURL: String?
    }

    /// People Zoom approved (left pending by their add, or pending in Zoom): registered.
    public mutating func recordApproved(course number: CourseNumber, _ records: [ManagedRegistrant]) {
        for record in records {
            let key = record.email.lowercased()
            var registrant = self[course: number]?.registrants[key] ?? record
            registrant.status = .registered
            if let id = record.registrantID { registrant.registrantID = id }
            if registrant.bookings.isEmpty { registrant.bookings = record.bookings }
            self[course: number]?.registrants[key] = registrant
        }
    }

    /// Zoom cancelled the person's registration.
    public mutating func recordCancelled(
        course number: CourseNumber, registrant: ZoomRegistrantReference, booking: String?
    ) {
        let key = registrant.email.lowercased()
        if var managed = self[course: number]?.registrants[key] {
            managed.status = .cancelled
            if let id = registrant.id { managed.registrantID = id }
            self[course: number]?.registrants[key] = managed
        } else {
            self[course: number]?.registrants[key] = ManagedRegistrant(
                email: registrant.email, firstName: "", lastName: "", registrantID: registrant.id,
                bookings: booking.map { [$0] } ?? [], status: .cancelled)
        }
    }

    /// Zoom does not take a cancelled address back: the person is handed to the import file.
    public mutating func recordHandedToImport(
        course number: CourseNumber, email: String, firstName: String, lastName: String, bookings: [String],
        registrantID: String?
    ) {
        let key = email.lowercased()
        var registrant =
            self[course: number]?.registrants[key]
            ?? ManagedRegistrant(
                email: email, firstName: firstName, lastName: lastName, bookings: bookings, status: .handedToImport)
        registrant.status = .handedToImport
        registrant.bookings = Array(Set(registrant.bookings + bookings)).sorted()
        if let registrantID { registrant.registrantID = registrantID }
        if registrant.firstName.isEmpty { registrant.firstName = firstName }
        if registrant.lastName.isEmpty { registrant.lastName = lastName }
        self[course: number]?.registrants[key] = registrant
    }

    /// The registrant ids and personal join links Zoom listed for the approved registrants
    /// (by lower-case address).
    public mutating func recordJoinLinks(course number: CourseNumber, approved: [String: ZoomRegistrant]) {
        guard var managed = self[course: number] else { return }
        for (key, var registrant) in managed.registrants {
            guard let zoom = approved[key] else { continue }
            registrant.registrantID = zoom.id
            if let url = zoom.joinURL { registrant.joinURL = url }
            managed.registrants[key] = registrant
        }
        self[course: number] = managed
    }
}

extension MeetingSpec {
    /// What a meeting request sent to Zoom sets, over what was last sent (`old`).
    init(sent request: MeetingChange, merging old: MeetingSpec?) {
        self.init(
            topic: request.topic ?? old?.topic ?? "", agenda: request.agenda ?? old?.agenda ?? "",
            kind: request.kind ?? old?.kind ?? .meeting,
            startTime: request.startTime ?? old?.startTime ?? "",
            timezone: request.timezone ?? old?.timezone ?? "", duration: request.duration ?? old?.duration ?? 0,
            recurrence: request.recurrence ?? old?.recurrence, sessions: old?.sessions ?? [],
            settings: Self.kept(request.settings) ?? old?.settings ?? MeetingSettings())
    }

    /// A request's settings as a spec keeps them: without the alternative hosts (kept apart).
    static func kept(_ settings: MeetingSettings?) -> MeetingSettings? {
        guard var settings else { return nil }
        settings.alternativeHosts = nil
        return settings
    }
}
