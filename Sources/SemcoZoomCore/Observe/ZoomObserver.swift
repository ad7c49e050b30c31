import Foundation

/// Reads Zoom before planning: each managed meeting with its registrants (approved and pending;
/// denied only where the plan needs them), meetings left by an interrupted create (found by agenda
/// marker), and each host's remaining daily writes. Concurrent across courses (bounded), one
/// request at a time per meeting.
public struct ZoomObserver: Sendable {
    public var client: any ZoomClient
    public var maxConcurrentCourses: Int

    public init(client: any ZoomClient, maxConcurrentCourses: Int = 8) {
        self.client = client
        self.maxConcurrentCourses = max(1, maxConcurrentCourses)
    }

    /// What the observation found besides the observation itself.
    public struct Result: Sendable {
        public var observation: ZoomObservation
        public var diagnostics: [Diagnostic]
        /// Courses with a pending create whose host's meetings could not be listed: the create
        /// must not be repeated by this run (it might exist).
        public var unresolvedPendingCreates: [CourseNumber: ZoomError]
        /// The first authentication failure met, if any (the run stops: exit 1).
        public var authenticationFailure: ZoomError?
    }

    /// The agenda marker of a course, e.g. `[SEMCO 10062]`.
    public static func marker(for course: CourseNumber) -> String { "[SEMCO \(course.rawValue)]" }

    /// The marker at the start of an agenda (`[…]`), else the default marker of the course.
    public static func marker(fromAgenda agenda: String?, course: CourseNumber) -> String {
        if let agenda, agenda.hasPrefix("["), let end = agenda.firstIndex(of: "]") {
            return String(agenda[...end])
        }
        return marker(for: course)
    }

    /// - Parameters:
    ///   - courses: limit to these courses (`--course`); empty = every managed course.
    ///   - hosts: hosts whose remaining daily writes the planner needs (state's and desired's).
    ///   - wanted: per course, the addresses (lowercased) SEMCO wants registered. The denied list
    ///     only tells the planner whether such a person is brought back by approval or added anew,
    ///     so it is read only for a meeting where one of them is neither approved nor pending: a
    ///     quarter fewer calls on a night without such changes. A course missing here wants nobody;
    ///     nil reads the denied list of every meeting.
    ///   - handOver: when given, each meeting's observation is handed forward into it as it
    ///     arrives, in course order, instead of being kept in the result's `observation.meetings`
    ///     (the run plans the course and lets Zoom's answer go); the stream ends once every
    ///     meeting is in. The observer knows nothing of who reads it: observe → plan, one way.
    public func observe(
        state: SyncState, courses: Set<CourseNumber> = [], hosts: Set<String> = [],
        wanted: [CourseNumber: Set<String>]? = nil,
        handingOverTo handOver: AsyncStream<CourseObservation>.Continuation? = nil
    ) async -> Result {
        let managed = state.courses.values
            .filter { courses.isEmpty || courses.contains($0.number) }
            .filter { $0.phase == .active }
            .sorted { $0.number < $1.number }

        var jobs: [ObserveJob] = managed.compactMap { course in
            course.meetingID.map { ObserveJob.meeting(course.number, $0) }
        }
        var pendingByHost: [String: [PendingMarker]] = [:]
        for course in managed where course.meetingID == nil {
            if let pending = course.pendingCreate {
                pendingByHost[pending.host.lowercased(), default: []].append(
                    PendingMarker(course: course.number, marker: pending.marker))
            }
        }
        for host in pendingByHost.keys.sorted() { jobs.append(.marker(host, pendingByHost[host]!)) }

        var observation = ZoomObservation()
        var diagnostics: [Diagnostic] = []
        var unresolved: [CourseNumber: ZoomError] = [:]
        var authFailure: ZoomError?
        let client = self.client
        await Self.bounded(
            jobs, limit: maxConcurrentCourses,
            { job -> ObserveJobResult in
                switch job {
                case .meeting(let course, let id):
                    let wantedHere = wanted.map { $0[course] ?? [] }
                    return .meeting(
                        course, await Self.observeMeeting(client: client, course: course, id: id, wanted: wantedHere))
                case .marker(let host, let pending):
                    let found = await Self.findByMarker(client: client, host: host, pending: pending)
                    return .marker(found)
                }
            },
            deliver: { result in
                switch result {
                case .meeting(let course, let meeting):
                    if let handOver {
                        handOver.yield(CourseObservation(course: course, meeting: meeting))
                    } else {
                        observation.meetings[course] = meeting
                    }
                    if case .unavailable(let error) = meeting {
                        if case .authenticationFailed = error { authFailure = authFailure ?? error }
                        diagnostics.append(
                            Diagnostic(
                                code: "zoom.observe-failed", severity: .warning, course: course,
                                message: LocalizedText(
                                    de:
                                        "Das Meeting von Kurs \(course) konnte in Zoom nicht gelesen werden: \(ZoomErrorReport(error).message). "
                                        + "Der Kurs wird in diesem Lauf nicht verändert.",
                                    en:
                                        "Course \(course)'s meeting could not be read from Zoom: \(ZoomErrorReport(error).message). "
                                        + "The course is not changed in this run.")))
                    }
                case .marker(let found):
                    observation.adoptable.merge(found.adoptable) { a, _ in a }
                    diagnostics += found.diagnostics
                    unresolved.merge(found.unresolved) { a, _ in a }
                    for error in found.unresolved.values {
                        if case .authenticationFailed = error { authFailure = authFailure ?? error }
                    }
                }
            })
        // Every meeting is handed over: the planner may finish its courses while the budgets are read.
        handOver?.finish()

        var allHosts = Set(hosts.map { $0.lowercased() })
        for course in managed { allHosts.insert(course.host.lowercased()) }
        for host in allHosts.sorted() {
            observation.remainingDailyWrites[host] = await client.remainingDailyWrites(host: host)
        }
        observation.unresolvedCreates = Set(unresolved.keys)
        return Result(
            observation: observation, diagnostics: diagnostics, unresolvedPendingCreates: unresolved,
            authenticationFailure: authFailure)
    }

    struct PendingMarker: Sendable {
        var course: CourseNumber
        var marker: String
    }

    enum ObserveJob: Sendable {
        case meeting(CourseNumber, ZoomMeetingID)
        case marker(String, [PendingMarker])
    }

    struct MarkerFindings: Sendable {
        var adoptable: [CourseNumber: ZoomMeeting] = [:]
        var diagnostics: [Diagnostic] = []
        var unresolved: [CourseNumber: ZoomError] = [:]
    }

    enum ObserveJobResult: Sendable {
        case meeting(CourseNumber, MeetingObservation)
        case marker(MarkerFindings)
    }

    /// - Parameter wanted: the addresses the course wants registered; nil reads the denied list in any case.
    static func observeMeeting(
        client: any ZoomClient, course: CourseNumber, id: ZoomMeetingID,
        wanted: Set<String>? = nil
    ) async -> MeetingObservation {
        let context = CallContext(course: course)
        do {
            let meeting = try await client.getMeeting(id: id, context: context)
            var registrants: [ZoomRegistrant] = []
            for status in [ZoomRegistrantStatus.approved, .pending, .denied] {
                if status == .denied, let wanted, !Self.anyMissing(wanted, from: registrants) { break }
                let list = try await client.listRegistrants(meetingID: id, status: status, context: context)
                registrants += list.map { registrant in
                    var registrant = registrant
                    if registrant.status == nil { registrant.status = status }
                    return registrant
                }
            }
            return .present(meeting, registrants: registrants)
        } catch let error as ZoomError {
            return error.isMeetingGone ? .gone : .unavailable(error)
        } catch {
            return .unavailable(.invalidResponse(method: "GET", path: "/meetings/\(id)", reason: "\(error)"))
        }
    }

    /// Whether one of `wanted` (lowercased addresses) is not among `registrants`.
    static func anyMissing(_ wanted: Set<String>, from registrants: [ZoomRegistrant]) -> Bool {
        guard !wanted.isEmpty else { return false }
        guard registrants.count >= wanted.count else { return true }
        var present = Set<String>(minimumCapacity: registrants.count)
        for registrant in registrants { present.insert(registrant.email.lowercased()) }
        return !wanted.isSubset(of: present)
    }

    /// Lists the host's meetings and finds those whose agenda starts with each marker; the oldest
    /// wins, the others are reported.
    static func findByMarker(client: any ZoomClient, host: String, pending: [PendingMarker]) async -> MarkerFindings {
        var findings = MarkerFindings()
        let summaries: [ZoomMeetingSummary]
        do {
            summaries = try await client.listMeetings(host: host, context: CallContext(course: pending.first?.course))
        } catch {
            let zoomError =
                (error as? ZoomError)
                ?? .invalidResponse(method: "GET", path: "/users/{userId}/meetings", reason: "\(error)")
            for item in pending { findings.unresolved[item.course] = zoomError }
            return findings
        }
        for item in pending {
            let (course, marker) = (item.course, item.marker)
            let matches = matching(summaries, marker: marker)
            guard let oldest = matches.first else { continue }
            do {
                findings.adoptable[course] = try await client.getMeeting(
                    id: oldest.id, context: CallContext(course: course))
            } catch {
                let zoomError =
                    (error as? ZoomError)
                    ?? .invalidResponse(method: "GET", path: "/meetings/\(oldest.id)", reason: "\(error)")
                if !zoomError.isMeetingGone { findings.unresolved[course] = zoomError }
                continue
            }
            if matches.count > 1 {
                findings.diagnostics.append(
                    duplicateDiagnostic(
                        course: course, marker: marker, kept: oldest.id,
                        others: matches.dropFirst().map(\.id)))
            }
        }
        return findings
    }

    static func duplicateDiagnostic(course: CourseNumber, marker: String, kept: ZoomMeetingID, others: [ZoomMeetingID])
        -> Diagnostic
    {
        let list = others.map(String.init).joined(separator: ", ")
        return Diagnostic(
            code: "zoom.duplicate-meeting", severity: .warning, course: course,
            message: LocalizedText(
                de: "In Zoom gibt es mehrere Meetings mit der Markierung \(marker): übernommen wird \(kept); "
                    + "die weiteren (\(list)) bitte in Zoom prüfen und löschen.",
                en: "Zoom holds several meetings marked \(marker): \(kept) is adopted; "
                    + "check and delete the others (\(list)) in Zoom."))
    }

    /// Meetings whose agenda starts with `marker`, oldest first (earliest start, then lowest id).
    static func matching(_ summaries: [ZoomMeetingSummary], marker: String) -> [ZoomMeetingSummary] {
        summaries.filter { ($0.agenda ?? "").hasPrefix(marker) }.sorted { a, b in
            switch (a.startTime, b.startTime) {
            case (let x?, let y?) where x != y: return x < y
            default: return a.id < b.id
            }
        }
    }

    /// Runs `work` over `items` with at most `limit` at once; results in the items' order.
    static func bounded<Item: Sendable, Output: Sendable>(
        _ items: [Item], limit: Int,
        _ work: @escaping @Sendable (Item) async -> Output
    ) async -> [Output] {
        var results: [Output] = []
        results.reserveCapacity(items.count)
        await bounded(items, limit: limit, work, deliver: { results.append($0) })
        return results
    }

    /// Runs `work` over `items` with at most `limit` at once and hands each result to `deliver`
    /// in the items' order, as soon as it and every result before it are in.
    static func bounded<Item: Sendable, Output: Sendable>(
        _ items: [Item], limit: Int,
        _ work: @escaping @Sendable (Item) async -> Output,
        deliver: (Output) -> Void
    ) async {
        await withTaskGroup(of: (Int, Output).self) { group in
            var waiting: [Int: Output] = [:]
            var delivered = 0
            var next = 0
            while next < items.count, next < limit {
                let index = next
                let item = items[index]
                group.addTask { (index, await work(item)) }
                next += 1
            }
            while let (index, output) = await group.next() {
                waiting[index] = output
                while let ready = waiting.removeValue(forKey: delivered) {
                    deliver(ready)
                    delivered += 1
                }
                if next < items.count {
                    let index = next
                    let item = items[index]
                    group.addTask { (index, await work(item)) }
                    next += 1
                }
            }
        }
    }
}
