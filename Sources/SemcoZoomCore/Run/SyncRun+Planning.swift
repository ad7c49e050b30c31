import Foundation

extension SyncRun {
    /// Observe → plan: Zoom's meetings as they arrive, each planned as it comes. The desired
    /// state and every course's plan live only in this function: at L they are a few hundred
    /// megabytes that the apply, the state file and the outputs do not need.
    func observeAndPlan(
        _ outcome: inout RunOutcome, client: any ZoomClient, configuration: Configuration, state loaded: LoadedState,
        desired: consuming DesiredState, selected: Set<CourseNumber>
    ) async throws -> Plan {
        let clock = collaborators.clock
        var hosts: Set<String> = []
        // Who each course wants registered, for the courses whose meeting is read (a meeting id in
        // the state): the observer reads a meeting's denied list only when one of them is missing.
        var wanted: [CourseNumber: Set<String>] = [:]
        for course in desired.courses {
            if case .sync(_, let host, let registrants, _) = course.intent {
                hosts.insert(host.lowercased())
                if loaded.state[course: course.number]?.meetingID != nil {
                    wanted[course.number] = Set(registrants.map(\.key))
                }
            }
        }
        // The trainers' addresses first: the planner takes the desired state for its own.
        let trainers =
            configuration.alternativeHosts == .trainers ? ZoomUserLookup.addresses(of: desired) : nil
        // Plan (pure), course by course as Zoom's answers arrive: each meeting's answer is let go
        // once its course is planned. The plan's time is the observation's start.
        var planning = CourseByCoursePlan(
            desired: desired, state: loaded.state, configuration: configuration,
            options: PlanOptions(
                allowMassCancel: request.allowMassCancel, recreateDeleted: request.recreateDeleted, now: clock.now()))
        if let trainers {
            planning.users = await ZoomUserLookup.lookUp(
                trainers, client: client, limit: collaborators.maxConcurrentCourses)
        }
        // Observe → plan, one way: the observer hands each meeting forward as Zoom answers, the
        // planner takes it in; neither calls back into the other.
        let observer = ZoomObserver(client: client, maxConcurrentCourses: collaborators.maxConcurrentCourses)
        let (meetings, handOver) = AsyncStream.makeStream(of: CourseObservation.self)
        let managed = loaded.state
        async let observing = observer.observe(
            state: managed, courses: selected, hosts: hosts, wanted: wanted, handingOverTo: handOver)
        var observedMeetings = 0
        for await meeting in meetings {
            planning.take(meeting)
            observedMeetings += 1
        }
        let observed = await observing
        if let failure = observed.authenticationFailure {
            throw Stop(status: .fatal, message: CourseWorker.authenticationNote(failure))
        }
        outcome.diagnostics += observed.diagnostics
        collaborators.progress(RunTexts(language: configuration.language).progressObserved(meetings: observedMeetings))
        return planning.finish(zoom: observed.observation)
    }
}
