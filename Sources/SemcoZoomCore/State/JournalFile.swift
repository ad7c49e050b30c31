import Foundation

// The write-ahead journal beside the state file (`<state>.journal`, docs/state.md): one JSON
// line per change, each line only what the change touched. Pure encoding, diffing and replay;
// the file handling is in `StateJournal`.

/// The journal's first line: which state file it continues.
struct JournalHeader: Codable, Equatable {
    /// The journal's format.
    var journal: Int
    var lineage: String
    /// The state file's serial when the journal was started.
    var base: Int

    static let currentFormat = 1
}

/// One change: the state's new serial and date, and what changed in it.
struct JournalEntry: Codable, Equatable {
    var serial: Int
    var at: Date?
    /// Changed courses by course number.
    var courses: [String: CoursePatch]?
    var ledger: LedgerPatch?

    /// What changed in one course. A new course carries its fields and every registrant.
    struct CoursePatch: Codable, Equatable {
        /// The course was removed from the state.
        var removed: Bool?
        /// The course's own fields (its registrants left out) when they changed or it is new.
        var course: ManagedCourse?
        /// Registrants added or changed, by key.
        var registrants: [String: ManagedRegistrant]?
        /// Registrant keys removed.
        var removedRegistrants: [String]?
    }

    /// What changed in the daily write ledger.
    struct LedgerPatch: Codable, Equatable {
        /// The ledger was removed.
        var cleared: Bool?
        var day: CalendarDay?
        /// True when `perHost` is the whole ledger (new day); else only the changed hosts.
        var reset: Bool?
        var perHost: [String: Int]?
    }

    var isEmpty: Bool { (courses?.isEmpty ?? true) && ledger == nil }
}

enum JournalFile {
    /// The state file's line encoder: a journal line reads like a line of the state file.
    static func encoder() -> JSONEncoder { StateFile.encoder() }

    // MARK: - Diff

    /// What turned `before` into `after` (nil when they are equal).
    static func patch(before: ManagedCourse?, after: ManagedCourse?) -> JournalEntry.CoursePatch? {
        if before == after { return nil }
        guard let after else { return JournalEntry.CoursePatch(removed: true) }
        var patch = JournalEntry.CoursePatch()
        var ownAfter = after
        ownAfter.registrants = [:]
        var ownBefore = before
        ownBefore?.registrants = [:]
        if ownBefore != ownAfter { patch.course = ownAfter }
        let old = before?.registrants ?? [:]
        var changed: [String: ManagedRegistrant] = [:]
        for (key, registrant) in after.registrants where old[key] != registrant { changed[key] = registrant }
        let removed = old.keys.filter { after.registrants[$0] == nil }.sorted()
        if !changed.isEmpty { patch.registrants = changed }
        if !removed.isEmpty { patch.removedRegistrants = removed }
        return patch
    }

    static func patch(before: DailyWriteLedger?, after: DailyWriteLedger?) -> JournalEntry.LedgerPatch? {
        if before == after { return nil }
        guard let after else { return JournalEntry.LedgerPatch(cleared: true) }
        guard let before, before.day == after.day else {
            return JournalEntry.LedgerPatch(day: after.day, reset: true, perHost: after.perHost)
        }
        var changed: [String: Int] = [:]
        for (host, count) in after.perHost where before.perHost[host] != count { changed[host] = count }
        if before.perHost.keys.contains(where: { after.perHost[$0] == nil }) {
            // A host vanished (nothing does this today): write the whole ledger.
            return JournalEntry.LedgerPatch(day: after.day, reset: true, perHost: after.perHost)
        }
        return JournalEntry.LedgerPatch(day: after.day, perHost: changed)
    }

    // MARK: - Replay

    /// Applies `entry` to `state`. Throws a description when the entry does not fit.
    static func apply(_ entry: JournalEntry, to state: inout SyncState) throws(JournalMismatch) {
        for (key, patch) in (entry.courses ?? [:]).sorted(by: { $0.key < $1.key }) {
            if patch.removed == true {
                state.courses[key] = nil
                continue
            }
            // Taken out of the dictionary so the registrants are changed in place.
            let existing = state.courses.removeValue(forKey: key)
            var course: ManagedCourse
            if var own = patch.course {
                own.registrants = existing?.registrants ?? [:]
                course = own
            } else if let existing {
                course = existing
            } else {
                throw JournalMismatch(
                    reason: "serial \(entry.serial) changes course \(key), which the state does not hold")
            }
            for (registrantKey, registrant) in patch.registrants ?? [:] {
                course.registrants[registrantKey] = registrant
            }
            for registrantKey in patch.removedRegistrants ?? [] { course.registrants[registrantKey] = nil }
            state.courses[key] = course
        }
        if let ledger = entry.ledger {
            if ledger.cleared == true {
                state.dailyWrites = nil
            } else if let day = ledger.day {
                if ledger.reset == true || state.dailyWrites?.day != day {
                    state.dailyWrites = DailyWriteLedger(day: day, perHost: ledger.perHost ?? [:])
                } else {
                    for (host, count) in ledger.perHost ?? [:] { state.dailyWrites?.perHost[host] = count }
                }
            }
        }
        state.serial = entry.serial
        if let at = entry.at { state.updatedAt = at }
    }

    struct JournalMismatch: Error { var reason: String }

    /// Replays the journal `data` onto `state` (read from the state file); returns the number of
    /// changes applied. Entries the state file already holds (serial ≤ the file's) are skipped: a
    /// fold that was interrupted after its rename. A last line that does not parse is a write the
    /// process did not finish (killed, power loss): ignored, as that change was never confirmed.
    static func replay(_ data: Data, onto state: inout SyncState, path: String) throws(StateStoreError) -> Int {
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { return 0 }
        let decoder = StateStore.decoder()
        let header: JournalHeader
        do {
            header = try decoder.decode(JournalHeader.self, from: Data(first))
        } catch {
            // A journal cut off while its header was written holds no change yet.
            if lines.count == 1 { return 0 }
            throw .journalRefused(path: path, reason: "line 1 is not a journal header")
        }
        if header.journal > JournalHeader.currentFormat {
            throw .newerFormat(path: path, found: header.journal, supported: JournalHeader.currentFormat)
        }
        if header.lineage != state.lineage {
            throw .journalRefused(path: path, reason: "lineage \(header.lineage), the state file has \(state.lineage)")
        }
        var applied = 0
        for (index, line) in lines.enumerated().dropFirst() {
            let entry: JournalEntry
            do {
                entry = try decoder.decode(JournalEntry.self, from: Data(line))
            } catch {
                if index == lines.count - 1 { break }
                throw .journalRefused(path: path, reason: "line \(index + 1) is damaged: \(StateStore.reason(error))")
            }
            if entry.serial <= state.serial { continue }
            if entry.serial != state.serial + 1 {
                throw .journalRefused(
                    path: path, reason: "line \(index + 1) has serial \(entry.serial), the state is at \(state.serial)")
            }
            do {
                try apply(entry, to: &state)
            } catch {
                throw .journalRefused(path: path, reason: "line \(index + 1): \(error.reason)")
            }
            applied += 1
        }
        return applied
    }
}
