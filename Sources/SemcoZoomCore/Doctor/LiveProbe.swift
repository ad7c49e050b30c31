import Foundation

/// `semco-zoom doctor --live`: a fixed sequence of real calls on the configured Zoom account
/// (one licensed host), each answer compared with what the sync relies on. The steps are in
/// LiveProbeAccountSteps, LiveProbeMeetingSteps and LiveProbeRegistrantSteps; the cleanup
/// (always, and of leftovers of a killed earlier probe) in LiveProbeCleanup.
///
/// Run `runSteps()` in a task of its own (cancel it on Ctrl-C / SIGTERM), then always
/// `cleanUp()` outside it, then `contract(…)`.
public final class LiveProbe: @unchecked Sendable {
    public let plan: LiveProbePlan
    /// The configured kind: with webinars the host's webinar licence is checked too. The probe
    /// itself always uses meetings (types 8 and 2).
    let configuredKind: Configuration.ZoomKind
    let settings: ZoomClientSettings
    let transport: ProbeRecordingTransport
    let client: HTTPZoomClient
    let raw: ProbeRawCalls
    let clock: any WallClock
    public internal(set) var results: [ProbeStepResult] = []
    public internal(set) var cleanupNotes: [LocalizedText] = []
    /// Every exchange of the probe (for the rate-limit headers step).
    var allExchanges: [ProbeExchange] = []
    let startedAt: Date

    // What the steps learnt; later steps need it.
    var rawToken: String?
    var seriesID: ZoomMeetingID?
    var seriesOccurrenceIDs: [String] = []
    var singleID: ZoomMeetingID?
    var registrantID: String?
    /// Meetings this probe created and has not seen deleted.
    var created: [ZoomMeetingID] = []
    /// Set before the first create is sent: from then on the cleanup must look for the marker
    /// (a create whose answer never came may exist).
    var attemptedCreate = false
    var deleted: Set<ZoomMeetingID> = []

    /// Requests in flight, and so connections the transport needs: few calls, one after the other.
    public static let connections = 4

    /// `settings`: the configured account; `inner`: the shell's HTTP with `connections`
    /// connections (libcurl in SemcoZoomCurl; tests may record it).
    public init(
        plan: LiveProbePlan, settings: ZoomClientSettings, configuredKind: Configuration.ZoomKind,
        inner: any HTTPTransport, clock: any WallClock = SystemClock()
    ) {
        self.plan = plan
        self.configuredKind = configuredKind
        var meetingSettings = settings
        meetingSettings.kind = .meeting
        meetingSettings.maxConcurrentRequests = Self.connections
        self.settings = meetingSettings
        transport = ProbeRecordingTransport(inner: inner)
        client = HTTPZoomClient(settings: meetingSettings, transport: transport, clock: clock)
        raw = ProbeRawCalls(settings: meetingSettings, transport: transport)
        self.clock = clock
        startedAt = clock.now()
    }

    static func t(_ de: String, _ en: String) -> LocalizedText { LocalizedText(de: de, en: en) }

    /// The steps in their fixed order. Stops early (the rest not run) when cancelled or when a
    /// step everything else needs fails (token, host, the leftover check, the series); a step
    /// whose input an earlier one failed to make reports that itself. `onStep` sees each result
    /// as it comes.
    public func runSteps(onStep: @Sendable (ProbeStepResult) -> Void = { _ in }) async {
        let sequence: [(needed: Bool, run: () async -> Void)] = [
            (false, oauthBadAccountStep),
            (true, tokenStep),
            (true, hostStep),
            (false, tokenSecondStep),
            (false, webinarLicenceStep),
            (true, leftoversStep),
            (true, createSeriesStep),
            (false, listMeetingsStep),
            (false, moveOccurrenceStep),
            (false, deleteOccurrenceStep),
            (false, patchDeletedOccurrenceStep),
            (false, patchTopicStep),
            (false, patchDurationStep),
            (false, addRegistrantStep),
            (false, listRegistrantsStep),
            (false, pageTokenStep),
            (false, cancelRegistrantStep),
            (false, readdDeniedStep),
            (false, approveRegistrantStep),
            (false, readdActiveStep),
            (false, createSingleStep),
            (false, batchRegistrantsStep),
            (false, deleteMeetingsStep),
            (false, deletedMeetingGoneStep),
            (false, rateLimitHeadersStep),
        ]
        var reported = 0
        for (needed, run) in sequence {
            if Task.isCancelled { return }
            await run()
            while reported < results.count {
                onStep(results[reported])
                reported += 1
            }
            if needed, let last = results.last, last.outcome == .error { return }
        }
    }

    // MARK: Steps

    /// What a step builds up: its comparisons and texts.
    struct Step {
        var summary: LocalizedText
        var comparisons: [ProbeComparison] = []
        var detail: LocalizedText?

        mutating func compare(
            _ field: String, _ expected: String, _ actual: String, agrees: Bool? = nil,
            _ assumption: ProbeAssumption? = nil
        ) {
            comparisons.append(
                ProbeComparison(field, expected: expected, actual: actual, agrees: agrees, assumption: assumption))
        }
    }

    /// Runs one step: its calls are recorded, a thrown Zoom answer the sync does not expect is a
    /// disagreement, anything else (no answer, cancelled, limits) an error.
    func step(
        _ id: String, _ assumptions: [ProbeAssumption], expects: LocalizedText, summary: LocalizedText,
        _ body: (inout Step) async throws -> Void
    ) async {
        var builder = Step(summary: summary)
        var outcome: ProbeStepResult.Outcome = .ok
        do {
            try await body(&builder)
            outcome = builder.comparisons.allSatisfy(\.agrees) ? .ok : .mismatch
        } catch let failure as ProbeFailure {
            outcome = .error
            builder.detail = failure.text
        } catch let error as ZoomError {
            switch error {
            case .api(let status, let code, let message, _):
                outcome = .mismatch
                builder.compare("answer", "2xx", "\(status)/\(code.map(String.init) ?? "-")", agrees: false)
                builder.detail = Self.t("Zoom: \(message)", "Zoom: \(message)")
            case .invalidResponse(_, _, let reason):
                outcome = .mismatch
                builder.compare("answer", "readable", reason, agrees: false)
            default:
                outcome = .error
                builder.detail = error.text
            }
        } catch {
            outcome = .error
            builder.detail = Self.t("\(error)", "\(error)")
        }
        if Task.isCancelled && outcome != .ok {
            outcome = .error
            builder.detail = Self.t("abgebrochen", "interrupted")
        }
        let exchanges = transport.drain()
        allExchanges += exchanges
        results.append(
            ProbeStepResult(
                id: id, summary: builder.summary, expects: expects, assumptions: assumptions,
                outcome: outcome, comparisons: builder.comparisons,
                calls: exchanges.map(LiveProbeRedaction.record), detail: builder.detail))
    }

    /// A step that cannot run (what it needs is missing) or an answer that stops it.
    struct ProbeFailure: Error {
        var text: LocalizedText
    }

    func need<T>(_ value: T?, _ what: String) throws -> T {
        guard let value else {
            throw ProbeFailure(
                text: Self.t(
                    "nicht ausgeführt: \(what) fehlt (ein früherer Schritt ist gescheitert)",
                    "not run: \(what) is missing (an earlier step failed)"))
        }
        return value
    }

    /// The last exchange so far in the current step.
    func lastStatus() -> Int? { transport.last()?.status }

    static func instant(_ date: Date?) -> String { date.map(UTCTimestamp.text) ?? "-" }

    // MARK: The result

    public func contract(interrupted: String?) -> ProbeContract {
        ProbeContract(
            probeID: plan.probeID, startedAt: startedAt, finishedAt: clock.now(),
            apiURL: settings.apiURL.absoluteString,
            kind: configuredKind.rawValue, timeZone: plan.zone.identifier, steps: results, cleanup: cleanupNotes,
            interrupted: interrupted)
    }

    /// Writes `zoom-contract.json` into `folder` (created owner-only) and returns its URL.
    public func writeContract(_ contract: ProbeContract, to folder: URL) throws -> URL {
        try OwnerOnlyFiles.createDirectory(folder)
        let url = folder.appendingPathComponent("zoom-contract.json")
        try OwnerOnlyFiles.write(contract.json(), to: url)
        return url
    }
}
