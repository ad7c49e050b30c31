import Foundation
import Testing

@testable import SemcoZoomCore

/// Hand-built inputs for the desired-state and planner tests.
enum Fx {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let utc = TimeZone(identifier: "UTC")!

    static func day(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }
    static func time(_ text: String) -> LocalTime { LocalTime(text)! }

    /// An instant from `yyyy-MM-ddTHH:mm` in `zone`, computed with Foundation directly.
    static func at(_ text: String, _ zone: TimeZone = berlin) -> Date {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = zone
        f.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return f.date(from: text)!
    }

    static let now = at("2027-04-01T08:00")
    static let today = day("2027-04-01")
    static let src = SourceLocation(file: "kurse.csv", line: 2)

    static let supervisorHost = "betreuer@semcosoft.com"

    /// The guide's course 10062: Mon/Wed/Fri 16:00–21:00, 12.–16.04.2027, moderated by the Kursbetreuer.
    static func course(
        _ number: CourseNumber = "10062", title: String = "Narkose Grundsicherung - Zoom-Webinar am Abend",
        status: CourseStatus = .confirmed, venue: String = "Zoom Meeting Room",
        start: String = "2027-04-12", end: String = "2027-04-16",
        weekly: [WeeklyTime] = [
            .init(weekday: .monday, from: time("16:00"), to: time("21:00")),
            .init(weekday: .wednesday, from: time("16:00"), to: time("21:00")),
            .init(weekday: .friday, from: time("16:00"), to: time("21:00")),
        ],
        dates: [ScheduledDate] = [], host: String? = supervisorHost,
        syncRequested: Bool? = nil, moderator: ModeratorRole? = .courseSupervisor
    ) -> Course {
        Course(
            number: number, title: title, status: status, venue: venue, startDay: day(start), endDay: day(end),
            moderatorRole: moderator,
            supervisor: CourseSupervisor(name: "Daiter, Alexei", shortCode: "AD", zoomUser: host),
            weeklyTimes: weekly, scheduledDates: dates, syncRequested: syncRequested, source: src)
    }

    static func dates(_ items: [(String, String, String)]) -> [ScheduledDate] {
        items.map { ScheduledDate(day: day($0.0), from: time($0.1), to: time($0.2)) }
    }

    static func booking(
        _ number: String, course: CourseNumber = "10062", first: String = "Rita", last: String = "Doro",
        email: String?, status: BookingStatus = .confirmed, company: String? = nil
    ) -> Booking {
        Booking(
            number: number, courseNumber: course, firstName: first, lastName: last, email: email, company: company,
            status: status, source: SourceLocation(file: "buchungen.csv", line: 2))
    }

    /// The guide's three participants of 10062.
    static func guideBookings(course: CourseNumber = "10062") -> [Booking] {
        [
            booking("BN27-00159", course: course, first: "Rita", last: "Doro", email: "doro@semcoft.com"),
            booking("BN27-00158", course: course, first: "Steve", last: "Miller", email: "s.miller@semcosoft.com"),
            booking("BN27-00160", course: course, first: "Marcus", last: "Weisgauer", email: "mweisauer@semcosoft.com"),
        ]
    }

    static func build(
        _ snapshot: Snapshot, diagnostics: [Diagnostic] = [], state: SyncState = SyncState(lineage: "t"),
        configuration: Configuration = Configuration(), courses: Set<CourseNumber> = [],
        now: Date = now, today: CalendarDay = today
    ) -> DesiredState {
        DesiredStateBuilder.build(
            snapshot: snapshot, diagnostics: diagnostics, state: state, configuration: configuration,
            options: DesiredStateOptions(courses: courses, today: today, now: now))
    }

    static func plan(
        _ desired: DesiredState, state: SyncState = SyncState(lineage: "t"), zoom: ZoomObservation = ZoomObservation(),
        configuration: Configuration = Configuration(), allowMassCancel: Bool = false,
        recreateDeleted: Bool = false, now: Date = now
    ) -> Plan {
        let options = PlanOptions(allowMassCancel: allowMassCancel, recreateDeleted: recreateDeleted, now: now)
        let whole = Planner.plan(
            desired: desired, state: state, zoom: zoom, configuration: configuration, options: options)
        // Every plan test also checks the run's way of planning: course by course as the meetings
        // arrive (here in reverse order), the rest at the end. It must give the very same plan.
        var byCourse = CourseByCoursePlan(
            desired: desired, state: state, configuration: configuration, options: options)
        byCourse.users = zoom.users
        for (number, meeting) in zoom.meetings.sorted(by: { $0.key > $1.key }) {
            byCourse.take(CourseObservation(course: number, meeting: meeting))
        }
        var rest = zoom
        rest.meetings = [:]
        #expect(byCourse.finish(zoom: rest) == whole, "planned course by course, the plan differs")
        return whole
    }

    /// Builds and plans in one go.
    static func run(
        _ snapshot: Snapshot, state: SyncState = SyncState(lineage: "t"), zoom: ZoomObservation = ZoomObservation(),
        configuration: Configuration = Configuration(), diagnostics: [Diagnostic] = [], courses: Set<CourseNumber> = [],
        allowMassCancel: Bool = false, recreateDeleted: Bool = false, now: Date = now
    ) -> (DesiredState, Plan) {
        let desired = build(
            snapshot, diagnostics: diagnostics, state: state, configuration: configuration, courses: courses, now: now)
        let plan = plan(
            desired, state: state, zoom: zoom, configuration: configuration, allowMassCancel: allowMassCancel,
            recreateDeleted: recreateDeleted, now: now)
        return (desired, plan)
    }

    static func intent(_ desired: DesiredState, _ number: CourseNumber) -> CourseIntent? {
        desired.courses.first { $0.number == number }?.intent
    }

    static func codes(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map(\.code) }
}

/// Zoom as the tests imagine it answering, written independently of the planner: applies a
/// plan's Zoom actions to meetings and registrants, and answers observations. Occurrences are
/// computed with Foundation's calendar (k-th day on or after the start whose weekday is in
/// `weekly_days`, at the start's wall-clock time); a series change recomputes them all.
struct TestZoom {
    struct Meeting {
        var id: ZoomMeetingID
        var host: String
        var topic: String
        var agenda: String
        var kind: MeetingKind
        var startLocal: String
        var timezone: String
        var duration: Int
        var recurrence: MeetingRecurrence?
        var settings: MeetingSettings
        var occurrences: [ZoomOccurrence]
        var registrants: [ZoomRegistrant]
    }

    var meetings: [ZoomMeetingID: Meeting] = [:]
    var nextID: ZoomMeetingID = 81_234_567_890
    var nextRegistrant = 1
    var created: [CourseNumber: ZoomMeetingID] = [:]
    var calls: [String] = []
    /// Zoom's clock: a `start_time` before it means "now".
    var now: Date = Fx.now

    /// Zoom's reading of a sent local start: a past one becomes now (in the meeting's zone).
    func effectiveStart(_ local: String, _ timezone: String) -> String {
        guard instant(local, timezone) < now else { return local }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: timezone)!
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return f.string(from: now)
    }

    static func occurrences(
        kind: MeetingKind, startLocal: String, timezone: String, duration: Int, recurrence: MeetingRecurrence?
    )
        -> [ZoomOccurrence]
    {
        let zone = TimeZone(identifier: timezone)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = startLocal.split(separator: "T")
        let d = parts[0].split(separator: "-").map { Int($0)! }
        let t = parts[1].split(separator: ":").map { Int($0)! }
        guard kind.isSeries, let recurrence else { return [] }
        let wanted = Set(recurrence.weekdays!.map(\.zoomNumber))
        var result: [ZoomOccurrence] = []
        var dayOffset = 0
        let firstDay = calendar.date(from: DateComponents(year: d[0], month: d[1], day: d[2], hour: 12))!
        while result.count < recurrence.endTimes! {
            let noon = calendar.date(byAdding: .day, value: dayOffset, to: firstDay)!
            let c = calendar.dateComponents([.year, .month, .day, .weekday], from: noon)
            if wanted.contains(c.weekday!) {  // Foundation: 1 = Sunday, as Zoom
                let start = calendar.date(
                    from: DateComponents(year: c.year, month: c.month, day: c.day, hour: t[0], minute: t[1]))!
                result.append(
                    ZoomOccurrence(
                        occurrenceID: String(Int64(start.timeIntervalSince1970 * 1000)), startTime: start,
                        duration: duration))
            }
            dayOffset += 1
        }
        return result
    }

    func instant(_ local: String, _ timezone: String) -> Date {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: timezone)!
        f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        return f.date(from: local)!
    }

    func id(_ ref: MeetingRef) -> ZoomMeetingID {
        switch ref {
        case .existing(let id): return id
        case .created(let course): return created[course]!
        }
    }

    mutating func apply(_ plan: Plan) {
        for action in plan.actions { apply(action) }
    }

    mutating func apply(_ action: PlannedAction) {
        switch action.kind {
        case .createMeeting(let host, let r):
            let id = nextID
            nextID += 1
            created[action.course] = id
            let start = effectiveStart(r.startTime!, r.timezone!)
            meetings[id] = Meeting(
                id: id, host: host, topic: r.topic!, agenda: r.agenda ?? "", kind: r.kind!, startLocal: start,
                timezone: r.timezone!, duration: r.duration!, recurrence: r.recurrence, settings: r.settings ?? .init(),
                occurrences: Self.occurrences(
                    kind: r.kind!, startLocal: start, timezone: r.timezone!,
                    duration: r.duration!, recurrence: r.recurrence),
                registrants: [])
            calls.append("POST meeting \(action.course)")
        case .updateMeeting(let ref, let r):
            var m = meetings[id(ref)]!
            if let v = r.topic { m.topic = v }
            if let v = r.agenda { m.agenda = v }
            if let v = r.kind { m.kind = v }
            if let v = r.startTime { m.startLocal = effectiveStart(v, r.timezone ?? m.timezone) }
            if let v = r.timezone { m.timezone = v }
            if let v = r.duration { m.duration = v }
            if let v = r.recurrence { m.recurrence = v }
            if m.kind == .meeting { m.recurrence = nil }
            if let s = r.settings {
                if let v = s.approval { m.settings.approval = v }
                if let v = s.registration { m.settings.registration = v }
                if let v = s.registrantsEmailNotification { m.settings.registrantsEmailNotification = v }
                if let v = s.registrantsConfirmationEmail { m.settings.registrantsConfirmationEmail = v }
                if let v = s.alternativeHosts { m.settings.alternativeHosts = v }
            }
            if r.kind != nil || r.startTime != nil || r.duration != nil || r.recurrence != nil || r.timezone != nil {
                m.occurrences = Self.occurrences(
                    kind: m.kind, startLocal: m.startLocal, timezone: m.timezone, duration: m.duration,
                    recurrence: m.recurrence)
            }
            meetings[m.id] = m
            calls.append("PATCH meeting \(action.course)")
        case .moveOccurrence(let ref, let start, let local, let duration):
            var m = meetings[id(ref)]!
            let index = m.occurrences.firstIndex { $0.isAvailable && $0.startTime == start }!
            m.occurrences[index].startTime = instant(local, m.timezone)
            m.occurrences[index].duration = duration
            meetings[m.id] = m
            calls.append("PATCH occurrence \(action.course)")
        case .deleteOccurrence(let ref, let start):
            var m = meetings[id(ref)]!
            let index = m.occurrences.firstIndex { $0.isAvailable && $0.startTime == start }!
            m.occurrences[index].status = "deleted"
            meetings[m.id] = m
            calls.append("DELETE occurrence \(action.course)")
        case .deleteMeeting(let id):
            meetings[id] = nil
            calls.append("DELETE meeting \(action.course)")
        case .addRegistrant(let ref, let r):
            var m = meetings[id(ref)]!
            precondition(
                !m.registrants.contains { $0.email.lowercased() == r.email.lowercased() && $0.status == .denied },
                "Zoom refuses to re-add a denied address")
            m.registrants.removeAll { $0.email.lowercased() == r.email.lowercased() }
            m.registrants.append(
                ZoomRegistrant(
                    id: "r\(nextRegistrant)", email: r.email, firstName: r.firstName, lastName: r.lastName,
                    org: r.org, status: .approved, joinURL: "https://zoom.example/w/\(nextRegistrant)"))
            nextRegistrant += 1
            meetings[m.id] = m
            calls.append("POST registrant \(action.course)")
        case .addRegistrants(let ref, let people):
            var m = meetings[id(ref)]!
            precondition(
                m.kind == .meeting || m.kind == .webinar, "Zoom takes batch registration for scheduled meetings only")
            precondition(people.count <= 30, "Zoom takes at most 30 per batch")
            for person in people {
                let r = person.request
                precondition(
                    !m.registrants.contains { $0.email.lowercased() == r.email.lowercased() && $0.status == .denied },
                    "the planner batches no denied address")
                m.registrants.removeAll { $0.email.lowercased() == r.email.lowercased() }
                m.registrants.append(
                    ZoomRegistrant(
                        id: "r\(nextRegistrant)", email: r.email, firstName: r.firstName, lastName: r.lastName,
                        status: .approved, joinURL: "https://zoom.example/w/\(nextRegistrant)"))
                nextRegistrant += 1
            }
            meetings[m.id] = m
            calls.append("POST batch registrants \(action.course)")
        case .approveRegistrant(let ref, let who), .cancelRegistrant(let ref, let who):
            var m = meetings[id(ref)]!
            let index = m.registrants.firstIndex { $0.email.lowercased() == who.email.lowercased() }!
            if case .approveRegistrant = action.kind {
                m.registrants[index].status = .approved
            } else {
                m.registrants[index].status = .denied
            }
            meetings[m.id] = m
            calls.append("PUT registrant status \(action.course)")
        case .approveAdded(let ref, let people):
            var m = meetings[id(ref)]!
            precondition(people.count <= 30, "Zoom takes at most 30 per status change")
            for who in people {
                if let index = m.registrants.firstIndex(where: { $0.email.lowercased() == who.email.lowercased() }) {
                    m.registrants[index].status = .approved
                }
            }
            meetings[m.id] = m
            calls.append("PUT registrant status \(action.course)")
        case .adoptMeeting, .refreshRegistrants, .forgetMeeting, .closeCourse:
            break
        }
    }

    func zoomMeeting(_ id: ZoomMeetingID) -> ZoomMeeting {
        let m = meetings[id]!
        // Like Zoom (and the simulator), a series answers with its next occurrence's start and length.
        var start = instant(m.startLocal, m.timezone)
        var duration = m.duration
        let available = m.occurrences.filter(\.isAvailable)
        if let next = available.first(where: { $0.startTime.addingTimeInterval(TimeInterval($0.duration * 60)) > now })
            ?? available.first
        {
            start = next.startTime
            duration = next.duration
        }
        return ZoomMeeting(
            id: m.id, hostEmail: m.host, topic: m.topic, kind: m.kind, startTime: start,
            duration: duration, timezone: m.timezone, agenda: m.agenda, joinURL: "https://zoom.example/j/\(m.id)",
            registrationURL: "https://zoom.example/meeting/register/\(m.id)", recurrence: m.recurrence,
            occurrences: m.kind.isSeries ? m.occurrences : nil, settings: m.settings)
    }

    func observe(_ state: SyncState) -> ZoomObservation {
        var observation = ZoomObservation()
        for managed in state.courses.values {
            guard let id = managed.meetingID else { continue }
            if let m = meetings[id] {
                observation.meetings[managed.number] = .present(zoomMeeting(id), registrants: m.registrants)
            } else {
                observation.meetings[managed.number] = .gone
            }
        }
        return observation
    }

    /// Records what an executor would: state updates, ids, last sent spec, registrants.
    func record(_ plan: Plan, desired: DesiredState, into state: SyncState) -> SyncState {
        var state = state
        for (number, update) in plan.stateUpdates { state[course: number] = update }
        for action in plan.actions {
            var course = state[course: action.course]!
            switch action.kind {
            case .createMeeting:
                course.meetingID = created[action.course]
            case .adoptMeeting(let id):
                course.meetingID = id
                course.pendingCreate = nil
            case .forgetMeeting:
                course.meetingID = nil
                course.goneSince = nil
            case .deleteMeeting:
                course.meetingID = nil
                course.phase = .deleted
            case .closeCourse:
                course.phase = .closed
            default:
                break
            }
            switch action.kind {
            case .addRegistrant(_, let r):
                let zr = meetings[course.meetingID!]!.registrants.first {
                    $0.email.lowercased() == r.email.lowercased()
                }!
                let bookings = registrantBookings(desired, action.course, r.email)
                course.registrants[r.email.lowercased()] = ManagedRegistrant(
                    email: r.email, firstName: r.firstName, lastName: r.lastName ?? "",
                    registrantID: zr.id, bookings: bookings, status: .registered,
                    joinURL: zr.joinURL)
            case .addRegistrants(_, let people):
                for person in people {
                    let r = person.request
                    let zr = meetings[course.meetingID!]!.registrants.first {
                        $0.email.lowercased() == r.email.lowercased()
                    }!
                    let bookings = registrantBookings(desired, action.course, r.email)
                    course.registrants[r.email.lowercased()] = ManagedRegistrant(
                        email: r.email, firstName: r.firstName, lastName: r.lastName ?? "",
                        registrantID: zr.id, bookings: bookings, status: .registered,
                        joinURL: zr.joinURL)
                }
            case .approveRegistrant(_, let who):
                let bookings = registrantBookings(desired, action.course, who.email)
                var entry =
                    course.registrants[who.email.lowercased()]
                    ?? ManagedRegistrant(
                        email: who.email, firstName: "", lastName: "", bookings: bookings, status: .registered)
                entry.status = .registered
                entry.bookings = bookings
                course.registrants[who.email.lowercased()] = entry
            case .approveAdded(_, let people):
                for who in people where course.registrants[who.email.lowercased()]?.status == .pending {
                    course.registrants[who.email.lowercased()]?.status = .registered
                }
            case .cancelRegistrant(_, let who):
                course.registrants[who.email.lowercased()]?.status = .cancelled
            default:
                break
            }
            state[course: action.course] = course
        }
        // After a course's actions succeed, the executor records the desired spec as last sent.
        for course in desired.courses {
            guard let spec = course.meetingSpec, var managed = state[course: course.number], managed.meetingID != nil,
                plan.actions.contains(where: { $0.course == course.number })
            else { continue }
            managed.lastSent = spec
            state[course: course.number] = managed
        }
        return state
    }

    func registrantBookings(_ desired: DesiredState, _ number: CourseNumber, _ email: String) -> [String] {
        guard case .sync(_, _, let registrants, _)? = Fx.intent(desired, number) else { return [] }
        return registrants.first { $0.key == email.lowercased() }?.bookings ?? []
    }
}
