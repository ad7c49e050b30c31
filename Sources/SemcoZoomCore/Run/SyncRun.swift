import Foundation

/// The run pipeline: config → credentials and token → lock → state → drop → read → validate →
/// desired → observe → plan → guard → apply (sync) → outputs → archive → exit code (the fatal
/// checks first: README.md, "Exit codes"). The request, collaborators and paths: RunSetup.swift. Each stage is a plain
/// function of what the earlier ones produced; effects go through the collaborators.
public struct SyncRun: Sendable {
    public var request: RunRequest
    public var collaborators: RunCollaborators

    public init(request: RunRequest, collaborators: RunCollaborators) {
        self.request = request
        self.collaborators = collaborators
    }

    struct Stop: Error {
        var status: ExitStatus
        var message: LocalizedText
    }

    public func run() async -> RunResult {
        let clock = collaborators.clock
        let startedAt = clock.now()
        let runID = RunPaths.runID(at: startedAt)
        var outcome = RunOutcome(runID: runID, mode: request.mode, startedAt: startedAt)
        var language = request.language ?? .de

        // Configuration.
        var configuration: Configuration
        do {
            configuration = try ConfigurationLoader.load(
                path: request.configPath, environment: request.environment,
                workingDirectory: request.workingDirectory)
        } catch {
            return finish(&outcome, status: .fatal, message: Self.describe(error), out: nil, language: language)
        }
        if let chosen = request.language { configuration.language = chosen }
        outcome.diagnostics += configuration.notices
        language = configuration.language
        /// The run stops before its output folder exists: the status and why.
        func stopEarly(_ status: ExitStatus, _ message: LocalizedText?) -> RunResult {
            finish(
                &outcome, status: status, message: message, out: nil, language: language, configuration: configuration)
        }
        guard let dropPath = request.drop ?? configuration.paths.drop else {
            return stopEarly(
                .fatal,
                LocalizedText(
                    de: "Kein Ablageordner angegeben: --drop ORDNER oder paths.drop in der Konfiguration.",
                    en: "No drop directory given: --drop DIR or paths.drop in the configuration."))
        }
        let dropURL = RunPaths.url(dropPath, in: request.workingDirectory)
        let stateURL = RunPaths.stateFile(
            option: request.state, configuration: configuration,
            workingDirectory: request.workingDirectory, defaultState: request.defaultState)
        let outURL: URL
        if let out = request.out {
            outURL = RunPaths.url(out, in: request.workingDirectory)
        } else if let base = configuration.paths.out {
            outURL = RunPaths.url(base, in: request.workingDirectory).appendingPathComponent(runID)
        } else {
            outURL = stateURL.deletingLastPathComponent().appendingPathComponent("runs").appendingPathComponent(runID)
        }
        outcome.stateFile = stateURL.path
        outcome.dropDirectory = dropURL.path

        // Fail fast (README.md, "Exit codes"): credentials and a token, the lock and the state are
        // checked before the exports are read, and a problem with them leaves no file behind.
        if let stop = await checkZoom(configuration) {
            return stopEarly(stop.status, stop.message)
        }

        // One run at a time: nothing is touched before the lock is ours.
        let store = StateStore(url: stateURL)
        // The lock file, once made, stays (RunLock). So where there is a state file but no lock
        // file yet (a copied or restored state), the state is read once before the lock is taken:
        // an unreadable one then leaves no lock file behind. Every other night reads it once, below.
        let manager = FileManager.default
        if !manager.fileExists(atPath: store.lockURL.path), manager.fileExists(atPath: stateURL.path) {
            do {
                _ = try store.load()
            } catch {
                return stopEarly(.fatal, error.message)
            }
        }
        let lock: RunLock
        do {
            lock = try RunLock.acquire(store.lockURL)
        } catch {
            let status: ExitStatus = { if case .held = error { return .locked } else { return .fatal } }()
            return stopEarly(status, error.message)
        }
        defer { lock.release() }
        let texts = RunTexts(language: language)
        collaborators.progress(texts.progressLock(store.lockURL.path))

        // State.
        let loaded: LoadedState
        do {
            loaded = try store.load()
        } catch {
            return stopEarly(.fatal, error.message)
        }
        collaborators.progress(texts.progressState(courses: loaded.state.courses.count))

        do {
            try OwnerOnly.createDirectory(outURL)
        } catch {
            return stopEarly(
                .fatal,
                LocalizedText(
                    de:
                        "Der Ausgabeordner „\(outURL.path)“ kann nicht angelegt werden (\(error.localizedDescription)).",
                    en: "The output folder \"\(outURL.path)\" cannot be created (\(error.localizedDescription))."))
        }
        outcome.outputDirectory = outURL.path

        // The outputs take the state the run ended with, never a second read of the file: the
        // state as read (`plan`, or a run that stopped before Zoom), else the journal's after the apply.
        var endState: SyncState? = loaded.existed ? loaded.state : nil
        var zoomCalls: ZoomCallStatistics?
        do {
            try await pipeline(
                &outcome, configuration: configuration, dropURL: dropURL, store: store, loaded: loaded, outURL: outURL,
                runID: runID, endState: &endState, zoomCalls: &zoomCalls)
            return finish(
                &outcome, status: outcome.exitStatus, message: nil, out: outURL, language: language,
                configuration: configuration,
                state: endState, zoomCalls: zoomCalls)
        } catch let stop as Stop {
            return finish(
                &outcome, status: stop.status, message: stop.message, out: outURL, language: language,
                configuration: configuration,
                state: endState, zoomCalls: zoomCalls)
        } catch {
            return finish(
                &outcome, status: .fatal, message: Self.describe(error), out: outURL, language: language,
                configuration: configuration,
                state: endState, zoomCalls: zoomCalls)
        }
    }

    /// The early Zoom check: a stop for missing or refused credentials; nil when all is well or
    /// Zoom cannot be reached (then the observation reports it course by course, as before).
    func checkZoom(_ configuration: Configuration) async -> Stop? {
        guard let check = collaborators.checkZoom else { return nil }
        do {
            try await check(configuration)
            return nil
        } catch let error as ZoomError {
            switch error {
            case .authenticationFailed: return Stop(status: .fatal, message: CourseWorker.authenticationNote(error))
            case .notConfigured, .missingScope: return Stop(status: .fatal, message: error.text)
            default: return nil
            }
        } catch {
            return Stop(status: .fatal, message: Self.describe(error))
        }
    }

    // MARK: - Stages

    /// - Parameter endState: the state the run ends with, for the outputs (set by `sync` after the apply).
    func pipeline(
        _ outcome: inout RunOutcome, configuration: Configuration, dropURL: URL, store: StateStore, loaded: LoadedState,
        outURL: URL, runID: String, endState: inout SyncState?, zoomCalls: inout ZoomCallStatistics?
    ) async throws {
        let clock = collaborators.clock
        let now = clock.now()
        let timeZone = TimeZone(identifier: configuration.timeZone) ?? TimeZone(identifier: "Europe/Berlin")!
        let today = CalendarDay(now, in: timeZone)
        let moveFiles = request.mode == .sync && !request.keepDrop
        let texts = RunTexts(language: configuration.language)

        // Input.
        let selection: DropSelection
        do {
            selection = try DropDirectory.select(in: dropURL)
        } catch let rejection as InputRejection {
            throw Stop(status: .fatal, message: Self.rejectionText(rejection))
        } catch {
            throw Stop(
                status: .fatal,
                message: LocalizedText(
                    de: "Der Ablageordner „\(dropURL.path)“ kann nicht gelesen werden: \(Self.describe(error).de)",
                    en: "The drop directory \"\(dropURL.path)\" cannot be read: \(Self.describe(error).en)"))
        }
        // The exports live only in this block: once the desired state is built they are let go,
        // before Zoom is read (at L the bookings are about a fifth of the run's memory).
        let desired: DesiredState
        let selected = Set(request.courses.map { CourseNumber($0) })
        do {
            let snapshot: Snapshot
            do {
                let (read, notes) = try SnapshotReader.readWithNotes(selection, configuration: configuration)
                snapshot = read
                outcome.diagnostics += notes
            } catch let rejection as InputRejection {
                let text = Self.rejectionText(rejection)
                if moveFiles {
                    do {
                        try DropDirectory.reject(selection, runID: runID, reason: text.de + "\n" + text.en)
                        outcome.inputMovedTo =
                            dropURL.appendingPathComponent("rejected").appendingPathComponent(runID).path
                    } catch {
                        outcome.diagnostics.append(
                            Diagnostic(code: "input.move-failed", severity: .error, message: Self.describe(error)))
                    }
                }
                throw Stop(status: .fatal, message: text)
            }
            outcome.inputFiles = snapshot.files
            for course in snapshot.courses { outcome.courseTitles[course.number.rawValue] = course.title }
            collaborators.progress(
                texts.progressRead(courses: snapshot.courses.count, bookings: snapshot.bookings.count))
            let validation = Validator.validate(snapshot, configuration: configuration, today: today)

            // Desired (pure).
            desired = DesiredStateBuilder.build(
                snapshot: snapshot, diagnostics: validation, state: loaded.state, configuration: configuration,
                options: DesiredStateOptions(courses: selected, today: today, now: now))
            // `--course` limits the run: other courses' findings are neither reported nor counted
            // (support syncing one course must not fail on another course's data). Nor are an
            // untriggered course's, or the moderator findings of a course that keeps its host.
            let reportable = desired.reportable(validation)
            outcome.diagnostics +=
                selected.isEmpty ? reportable : reportable.filter { $0.course.map(selected.contains) ?? true }
            outcome.diagnostics += desired.diagnostics
            if let hint = Validator.roomHint(snapshot, configuration: configuration) {
                outcome.diagnostics.append(hint)
            }
        }
        let state = loaded.state
        collaborators.progress(texts.progressDesired(courses: desired.courses.count))

        // Zoom.
        let session: ZoomSession
        do {
            session = try await collaborators.makeZoom(
                configuration, state, outURL.appendingPathComponent("api-calls.jsonl"))
            zoomCalls = session.statistics
        } catch {
            throw Stop(status: .fatal, message: Self.describe(error))
        }
        do {
            try await zoomStages(
                &outcome, session: session, configuration: configuration, selection: selection, state: loaded,
                store: store, desired: consume desired, selected: selected, runID: runID, moveFiles: moveFiles,
                endState: &endState)
            await session.close()
        } catch {
            await session.close()
            throw error
        }
    }

    func zoomStages(
        _ outcome: inout RunOutcome, session: ZoomSession, configuration: Configuration, selection: DropSelection,
        state loaded: LoadedState, store: StateStore, desired: consuming DesiredState, selected: Set<CourseNumber>,
        runID: String, moveFiles: Bool, endState: inout SyncState?
    ) async throws {
        let client = session.client
        let clock = collaborators.clock
        outcome.diagnostics += session.warnings.map {
            Diagnostic(code: "zoom.credentials-warning", severity: .warning, message: $0)
        }
        // Authenticate once up front: wrong credentials stop the run before anything is read or planned.
        do {
            _ = try await client.grantedScopes()
        } catch let error as ZoomError {
            if case .authenticationFailed = error {
                throw Stop(status: .fatal, message: CourseWorker.authenticationNote(error))
            }
            if case .notConfigured = error { throw Stop(status: .fatal, message: error.text) }
            // Anything else (Zoom unreachable): the observation below reports it per course.
        }

        // Observe and plan in their own function: what the plan is made from (the desired state,
        // each course's plan) is let go when it returns, before anything is applied.
        let plan = try await observeAndPlan(
            &outcome, client: client, configuration: configuration, state: loaded, desired: desired,
            selected: selected)
        let texts = RunTexts(language: configuration.language)
        outcome.diagnostics += plan.diagnostics
        outcome.deferred = plan.deferred.map(DeferredOutcome.init)
        outcome.massCancel =
            plan.massCancel.tripped || plan.massCancel.totalCancels > 0
            ? MassCancelReport(plan.massCancel, allowed: request.allowMassCancel) : nil
        collaborators.progress(texts.progressPlan(actions: plan.actions.count, writes: plan.zoomWriteCount))

        if plan.massCancel.tripped && !request.allowMassCancel {
            outcome.actions = plan.actions.map { ActionOutcome($0, result: .planned) }
            throw Stop(status: .massCancelRefused, message: Self.massCancelText(plan.massCancel))
        }

        switch request.mode {
        case .plan:
            outcome.actions = plan.actions.map { ActionOutcome($0, result: .planned) }
            outcome.diagnostics = Self.unique(outcome.diagnostics)
            outcome.recount()
            // README.md "Exit codes" / the sync issue: `plan` exits 2 when changes are pending (including work the
            // daily budget holds back) and 0 when Zoom is in step; the diagnostics are in the report.
            outcome.exitStatus = plan.isEmpty && plan.deferred.isEmpty ? .ok : .changesPending
        case .sync:
            let journal = StateJournal(store: store, loaded: loaded, clock: clock)
            // A journal left by an interrupted run is folded into the state file before anything changes.
            if loaded.journalFound {
                do { try await journal.checkpoint() } catch { throw Stop(status: .fatal, message: error.message) }
            }
            var executor = PlanExecutor(
                client: client, journal: journal, clock: clock, configuration: configuration,
                maxConcurrentCourses: collaborators.maxConcurrentCourses)
            let progress = collaborators.progress
            executor.progress = { done, total in progress(texts.progressApplied(done: done, total: total)) }
            // The plan goes once applied: the outcome holds what became of each action, and the
            // state file and the outputs are made without it (at L the plan is ~290 MB).
            let report = await executor.execute(consume plan)
            var foldFailure: LocalizedText?
            // Closed courses leave the state after retention.state_days (docs/privacy.md).
            if report.fatal == nil {
                do {
                    outcome.diagnostics += try await forgetClosedCourses(journal: journal, configuration: configuration)
                } catch { foldFailure = error.message }
            }
            // Everything journaled goes into the state file; should that fail, the journal keeps it.
            // The outputs get the final state the checkpoint hands back (else the journal's).
            var finalState: SyncState?
            if foldFailure == nil {
                do { finalState = try await journal.checkpoint() } catch { foldFailure = error.message }
                if let finalState {
                    collaborators.progress(texts.progressStateWritten(courses: finalState.courses.count))
                }
            }
            if loaded.existed || FileManager.default.fileExists(atPath: store.url.path) {
                if let finalState { endState = finalState } else { endState = await journal.state }
            }
            outcome.actions = report.actions
            outcome.deferred += report.deferred
            outcome.handedToImport = report.handedToImport
            outcome.diagnostics += report.diagnostics
            outcome.diagnostics = Self.unique(outcome.diagnostics)
            outcome.recount()
            if let fatal = report.fatal { throw Stop(status: .fatal, message: fatal) }
            if let foldFailure { throw Stop(status: .fatal, message: foldFailure) }
            let troubled =
                outcome.counts.failed + outcome.counts.deferred + outcome.counts.skipped + outcome.counts.errors > 0
            outcome.exitStatus = troubled ? .partial : .ok
            if moveFiles {
                do {
                    try DropDirectory.archive(selection, runID: runID)
                    outcome.inputMovedTo =
                        selection.drop.appendingPathComponent("archive").appendingPathComponent(runID).path
                } catch {
                    outcome.diagnostics.append(
                        Diagnostic(code: "input.archive-failed", severity: .error, message: Self.describe(error)))
                    outcome.recount()
                    outcome.exitStatus = .partial
                    return
                }
            }
            // Expired run, archive and rejected folders go once the exports were accepted (docs/privacy.md).
            removeExpiredFolders(&outcome, configuration: configuration, drop: selection.drop, store: store)
        }
    }
}
