import Foundation

// Retention at the end of a sync run (docs/privacy.md): the state forgets closed courses
// through the journal, and expired run, archive and rejected folders are removed.

extension SyncRun {
    /// Forgets the state's courses closed longer than `retention.state_days`, as one journaled
    /// change (nothing is written when nothing changes); when personal data went, the state file
    /// is written twice so that its `.bak` holds none either. Returns the report's diagnostics.
    func forgetClosedCourses(journal: StateJournal, configuration: Configuration) async throws(StateStoreError)
        -> [Diagnostic]
    {
        let now = collaborators.clock.now()
        let keepDays = configuration.retention.stateDays
        let pruned = await journal.read { StateRetention.prune($0, now: now, keepDays: keepDays).pruned }
        guard !pruned.isEmpty else { return [] }
        try await journal.update { state in
            state = StateRetention.prune(state, now: now, keepDays: keepDays).state
        }
        // Personal data left the state: the `.bak` must not keep it either.
        if pruned.forgotSomething { try await journal.checkpointReplacingBackup() }
        return RetentionDiagnostics.state(pruned, keepDays: keepDays)
    }

    /// Removes expired run, archive and rejected folders. Only called once a sync run's exports
    /// were accepted and archived; a run that failed removes nothing.
    func removeExpiredFolders(
        _ outcome: inout RunOutcome, configuration: Configuration, drop: URL, store: StateStore
    ) {
        let runs =
            configuration.paths.out.map { RunPaths.url($0, in: request.workingDirectory) }
            ?? store.directory.appendingPathComponent("runs", isDirectory: true)
        let removals = FolderRetention.apply(
            retention: configuration.retention, runs: runs, drop: drop,
            current: outcome.outputDirectory.map { URL(fileURLWithPath: $0, isDirectory: true) },
            now: collaborators.clock.now())
        outcome.diagnostics += RetentionDiagnostics.folders(removals, retention: configuration.retention)
        outcome.recount()
    }
}
