import Foundation

/// Cleaning up after `doctor --live`: before the steps, the meetings an earlier probe left
/// (killed with SIGKILL, power cut) are found by their agenda marker and deleted; after the
/// steps, whatever happened, every meeting of this probe is deleted. A meeting whose agenda
/// does not start with the probe's marker prefix is never touched.
extension LiveProbe {
    private var t: (String, String) -> LocalizedText { Self.t }

    /// The host's meetings that carry a probe marker (this probe's when `only` is set). The list
    /// cuts agendas to 250 characters, which keeps the marker; an entry without an agenda whose
    /// topic is a probe's is read in full before it counts.
    /// `agendaListed`: false when the list left the agenda out and the meeting had to be read.
    func probeMeetings(only marker: String? = nil) async throws -> [(id: ZoomMeetingID, agendaListed: Bool)] {
        var found: [(id: ZoomMeetingID, agendaListed: Bool)] = []
        for item in try await client.listMeetings(host: plan.host, context: .none) {
            var agenda = item.agenda
            if agenda == nil && item.topic.contains("doctor --live") {
                agenda = try? await client.getMeeting(id: item.id, context: .none).agenda
            }
            guard LiveProbePlan.isProbeAgenda(agenda) else { continue }
            if let marker, agenda?.hasPrefix(marker) != true { continue }
            found.append((item.id, item.agenda != nil))
        }
        return found
    }

    /// Deletes a meeting; one already gone (404/3001) counts as deleted.
    private func delete(_ id: ZoomMeetingID) async throws {
        do {
            try await client.deleteMeeting(id: id, occurrenceID: nil, notifyRegistrants: false, context: .none)
        } catch let error as ZoomError where error.isMeetingGone {
            return
        }
    }

    /// Step `leftovers`: meetings of earlier probes, deleted before this one creates anything.
    func leftoversStep() async {
        await step(
            "leftovers", [.meetingList],
            expects: t(
                "Keine Meetings früherer Proben; gefundene (Agenda-Markierung \(LiveProbePlan.markerPrefix)…]) werden gelöscht.",
                "No meetings of earlier probes; any found (agenda marker \(LiveProbePlan.markerPrefix)…]) are deleted."),
            summary: t("Keine Reste früherer Proben", "no leftovers of earlier probes")
        ) { s in
            let found = try await probeMeetings()
            let leftovers = found.map(\.id)
            for id in leftovers { try await delete(id) }
            for item in found {
                s.compare(
                    "\(item.id) agenda in the list", "marker",
                    item.agendaListed ? "marker" : "missing (read the meeting)")
            }
            if !leftovers.isEmpty {
                let ids = leftovers.map(String.init).joined(separator: ", ")
                s.summary = t(
                    "\(leftovers.count) Meeting(s) einer früheren, abgebrochenen Probe gefunden und gelöscht: \(ids)",
                    "\(leftovers.count) meeting(s) of an earlier, interrupted probe found and deleted: \(ids)")
                cleanupNotes.append(
                    t(
                        "Vorab gelöscht (Reste einer früheren Probe): \(ids)",
                        "Deleted first (leftovers of an earlier probe): \(ids)"))
            }
            s.compare("leftovers deleted", String(leftovers.count), String(leftovers.count))
        }
    }

    /// Deletes every meeting this probe created, then looks for any more with its marker (a
    /// create whose answer never arrived). Run it outside the cancelled steps' task.
    /// Returns true when nothing of the probe is left.
    @discardableResult
    public func cleanUp() async -> Bool {
        _ = transport.drain()
        guard attemptedCreate else {
            let summary = t("Aufgeräumt: die Probe hat nichts angelegt", "Cleaned up: the probe created nothing")
            cleanupNotes.append(summary)
            results.append(
                ProbeStepResult(
                    id: "cleanup", summary: summary,
                    expects: t("Nichts angelegt, nichts zu löschen.", "Nothing created, nothing to delete."),
                    assumptions: [], outcome: .ok, comparisons: [], calls: [], detail: nil))
            return true
        }
        var removed: [ZoomMeetingID] = []
        var failed: [String] = []
        /// Deletes one probe meeting and records the result.
        func remove(_ id: ZoomMeetingID) async {
            do {
                try await delete(id)
                deleted.insert(id)
                removed.append(id)
            } catch {
                failed.append("\(id): \((error as? ZoomError)?.text.en ?? "\(error)")")
            }
        }
        for id in created where !deleted.contains(id) { await remove(id) }
        var listChecked = true
        do {
            for (id, _) in try await probeMeetings(only: plan.marker) { await remove(id) }
        } catch {
            listChecked = false
            failed.append("list: \((error as? ZoomError)?.text.en ?? "\(error)")")
        }
        let exchanges = transport.drain()
        allExchanges += exchanges
        let ids = removed.map(String.init).joined(separator: ", ")
        let clean = failed.isEmpty && listChecked
        let summary: LocalizedText
        if clean {
            summary =
                removed.isEmpty
                ? t(
                    "Aufgeräumt: kein Meeting der Probe mehr in Zoom",
                    "Cleaned up: no meeting of the probe left in Zoom")
                : t(
                    "Aufgeräumt: \(removed.count) Meeting(s) der Probe gelöscht (\(ids))",
                    "Cleaned up: \(removed.count) meeting(s) of the probe deleted (\(ids))")
        } else {
            summary = t(
                "Aufräumen unvollständig – in Zoom nach der Agenda-Markierung \(plan.marker) suchen und löschen; der nächste doctor --live löscht sie ebenfalls: \(failed.joined(separator: "; "))",
                "Cleanup incomplete — look for the agenda marker \(plan.marker) in Zoom and delete those meetings; the next doctor --live deletes them too: \(failed.joined(separator: "; "))"
            )
        }
        cleanupNotes.append(summary)
        results.append(
            ProbeStepResult(
                id: "cleanup", summary: summary,
                expects: t(
                    "Jedes Meeting der Probe gelöscht, keines mit ihrer Markierung übrig.",
                    "Every meeting of the probe deleted, none with its marker left."),
                assumptions: [], outcome: clean ? .ok : .error, comparisons: [],
                calls: exchanges.map(LiveProbeRedaction.record), detail: nil))
        return clean
    }
}
