import Foundation
import SemcoZoomCore
import ZoomSimulator

// The invariants checked after every night (RELIABILITY.md lists them).

extension Night.Context {
    func check(_ n: Int, result: SyncResult, exported: SoakSEMCO, at now: Date, today: SoakDay, strict: Bool)
        async throws
    {
        let zoom = await simulator.snapshot()
        let emailOfBooking = Dictionary(
            exported.bookings.map { ($0.number, $0.email) }, uniquingKeysWith: { a, _ in a })
        let runFolder = URL(fileURLWithPath: result.reportPath ?? "/").deletingLastPathComponent()
        // The state links a booking to the address it was registered under: after an address
        // change in SEMCO, a deferred cancel of the old address names the booking only.
        var stateAddresses: [Int: [String: Set<String>]] = [:]
        if let state = try? StateStore(url: stateFile).load().state {
            for (key, course) in state.courses {
                guard let number = Int(key) else { continue }
                for (email, registrant) in course.registrants {
                    for booking in registrant.bookings {
                        stateAddresses[number, default: [:]][booking, default: []].insert(email.lowercased())
                    }
                }
            }
        }
        let excuses =
            result.outcome.map {
                SoakExcuses($0, runFolder: runFolder, emailOfBooking: emailOfBooking, stateAddresses: stateAddresses)
            } ?? SoakExcuses.empty
        let known = Set(semco.courses.map(\.number))

        // Exit code ↔ report.
        checkExit(n, result: result, strict: strict, excuses: excuses)
        if result.exit == 1 || result.exit == 75 { return }

        // Our meetings, by agenda marker: never two for one course, never one for a course we do not know.
        var byCourse: [Int: [SimMeetingState]] = [:]
        for meeting in zoom.meetings {
            guard let number = SoakMeetingView.courseNumber(agenda: meeting.agenda) else { continue }
            if !known.contains(number) {
                violation(n, "meeting \(meeting.id) carries the marker of unknown course \(number)")
            }
            byCourse[number, default: []].append(meeting)
        }
        for (number, meetings) in byCourse where meetings.count > 1 {
            violation(n, "course \(number) has \(meetings.count) meetings in Zoom: \(meetings.map(\.id))")
        }

        // Each course of the exported snapshot against what docs/sync-rules.md says.
        for course in exported.courses {
            let number = course.number
            let meeting = byCourse[number]?.first
            let expected = SoakExpectation.expected(course, bookings: exported.bookings, now: now, today: today)
            let courseExcuse = excuses.courses[number]
            switch expected {
            case .leftAlone:
                continue
            case .none(let why):
                if let meeting, courseExcuse == nil {
                    violation(n, "course \(number) (\(why)) should have no meeting but has \(meeting.id)")
                }
            case .meeting(let sessions, let topic, let registrants, let hosts):
                if courseExcuse != nil { continue }
                guard let meeting else {
                    violation(n, "course \(number) has no meeting in Zoom and the report does not say why")
                    continue
                }
                if !hosts.contains(meeting.hostEmail.lowercased()) {
                    violation(
                        n,
                        "course \(number): meeting \(meeting.id) is hosted by \(meeting.hostEmail), not one of the course's people"
                    )
                }
                if meeting.topic != topic {
                    violation(n, "course \(number): topic \"\(meeting.topic)\", SEMCO says \"\(topic)\"")
                }
                if meeting.approvalType != 1 {
                    violation(n, "course \(number): approval_type \(meeting.approvalType), must be 1")
                }
                // alternative_hosts: trainers — the course's trainers other than the meeting's host.
                let coTrainers = Set([course.trainerA, course.trainerB]).subtracting([meeting.hostEmail.lowercased()])
                let alternative = Set(
                    (meeting.alternativeHosts ?? "").split(whereSeparator: { $0 == ";" || $0 == "," })
                        .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
                if alternative != coTrainers {
                    violation(
                        n,
                        "course \(number): alternative hosts \(alternative.sorted()) in Zoom, co-trainers \(coTrainers.sorted())"
                    )
                }
                let actual = SoakMeetingView(meeting: meeting, course: number).futureOccurrences(after: now)
                let wanted = sessions.map { ($0.start, $0.minutes) }
                if actual.map({ "\($0.0.timeIntervalSince1970)/\($0.1)" })
                    != wanted.map({ "\($0.0.timeIntervalSince1970)/\($0.1)" })
                {
                    violation(
                        n,
                        "course \(number): Zoom's available occurrences \(Self.describe(actual)) ≠ SEMCO's future sessions "
                            + "\(Self.describe(wanted)) (\(sessions))")
                }
                let pendingExcused = excuses.pendingApprovals.contains(number)
                let waiting = Set(meeting.registrants.filter { $0.status == "pending" }.map { $0.email.lowercased() })
                let excused = (excuses.registrants[number] ?? []).union(pendingExcused ? waiting : [])
                let approved = Set(meeting.registrants.filter { $0.status == "approved" }.map { $0.email.lowercased() })
                let missing = registrants.subtracting(approved).subtracting(excused)
                let extra = approved.subtracting(registrants).subtracting(excused)
                if !missing.isEmpty {
                    violation(
                        n, "course \(number): booked but not approved in Zoom, and not listed: \(missing.sorted())")
                }
                if !extra.isEmpty {
                    violation(n, "course \(number): approved in Zoom but not booked, and not listed: \(extra.sorted())")
                }
                // The tool approves whom it adds (meetings at once; webinars by a status PUT after the adds):
                // pending only where the run lists the add or approval as not done.
                let pending = meeting.registrants.filter { $0.status == "pending" }.map(\.email)
                    .filter { !excused.contains($0.lowercased()) }
                if !pending.isEmpty {
                    violation(n, "course \(number): pending registrants \(pending) and no approval listed as not done")
                }
            }
        }

        if strict {
            for problem in excuses.strictProblems {
                violation(n, "calm night (no faults, kills or Zoom edits) yet the report lists: \(problem)")
            }
        }

        checkState(n, result: result, zoom: zoom, excuses: excuses)
        checkRetention(n, result: result, now: now)
        scanFiles(n)

        // Files: an accepted run moves its input out of the drop directory.
        if result.exit == 0 || result.exit == 3 {
            let left =
                (try? FileManager.default.contentsOfDirectory(atPath: drop.path).filter { $0.hasSuffix(".csv") }) ?? []
            if !left.isEmpty { violation(n, "after an accepted sync the drop directory still holds \(left)") }
        }
    }

    static func describe(_ occurrences: [(Date, Int)]) -> String {
        let formatter = ISO8601DateFormatter()
        return "[" + occurrences.map { "\(formatter.string(from: $0.0))+\($0.1)m" }.joined(separator: ", ") + "]"
    }

    func checkExit(_ n: Int, result: SyncResult, strict: Bool, excuses: SoakExcuses) {
        switch result.exit {
        case 0, 3, 4: break
        default:
            violation(n, "sync exited \(result.exit): \(result.stdout.prefix(600)) \(result.stderr.prefix(600))")
            return
        }
        guard let outcome = result.outcome else { return }
        if outcome.exitCode != result.exit {
            violation(n, "exit code \(result.exit) but report.json says \(outcome.exitCode)")
        }
        let c = outcome.counts
        let troubled = c.actionsFailed + c.actionsDeferred + c.actionsSkipped + c.errors > 0
        if result.exit == 0 && troubled {
            violation(
                n,
                "exit 0 but the report counts failed \(c.actionsFailed), deferred \(c.actionsDeferred), "
                    + "skipped \(c.actionsSkipped), errors \(c.errors)")
        }
        if result.exit == 3 && !troubled {
            violation(n, "exit 3 but the report lists nothing failed, deferred or in error")
        }
        if result.exit == 4 && outcome.massCancel?.tripped != true {
            violation(n, "exit 4 without a tripped mass-cancel guard")
        }
        if result.exit == 4 {
            violation(
                n, "the mass-cancel guard refused a complete export (\(outcome.massCancel?.totalCancels ?? 0) cancels)")
        }
        let recountedFailed = outcome.actions.filter { $0.status == .failed }.count
        if recountedFailed != c.actionsFailed {
            violation(n, "report counts \(c.actionsFailed) failed actions but lists \(recountedFailed)")
        }
    }

    func checkState(_ n: Int, result: SyncResult, zoom: SimulatorSnapshot, excuses: SoakExcuses) {
        guard FileManager.default.fileExists(atPath: stateFile.path) else {
            if !zoom.meetings.isEmpty { violation(n, "meetings exist in Zoom but there is no state file") }
            return
        }
        let state: SyncState
        do {
            let data = try Data(contentsOf: stateFile)
            _ = try JSONSerialization.jsonObject(with: data)
            state = try StateStore(url: stateFile).load().state
        } catch {
            violation(n, "the state file does not parse: \(error)")
            return
        }
        if state.serial < lastSerial { violation(n, "state serial went back from \(lastSerial) to \(state.serial)") }
        lastSerial = state.serial
        let meetings = Dictionary(zoom.meetings.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (key, managed) in state.courses {
            guard managed.phase == .active, let id = managed.meetingID, let number = Int(key) else { continue }
            if excuses.courses[number] != nil || managed.goneSince != nil { continue }
            guard let meeting = meetings[id] else {
                violation(n, "state: course \(key) records meeting \(id), which does not exist in Zoom")
                continue
            }
            if SoakMeetingView.courseNumber(agenda: meeting.agenda) != number {
                violation(n, "state: course \(key) records meeting \(id), whose agenda is \(meeting.agenda ?? "-")")
            }
            let excused = excuses.registrants[number] ?? []
            for (email, registrant) in managed.registrants
            where registrant.status == .registered && !excused.contains(email.lowercased()) {
                guard let registrantID = registrant.registrantID else { continue }
                let inZoom = meeting.registrants.first { $0.id == registrantID }
                if inZoom == nil {
                    violation(n, "state: course \(key) registrant <\(email)> id \(registrantID) is not in Zoom")
                } else if inZoom!.email.lowercased() != email.lowercased() {
                    violation(
                        n,
                        "state: course \(key) registrant id \(registrantID) is <\(inZoom!.email)> in Zoom, <\(email)> in the state"
                    )
                } else if inZoom!.status != "approved" {
                    violation(
                        n,
                        "state: course \(key) registrant <\(email)> is registered in the state but \(inZoom!.status) in Zoom"
                    )
                }
            }
            // And the other way: an address the state holds that Zoom lists as approved is recorded as registered
            // (a killed run's approve or add is taken into the state by the next run that reads the meeting).
            for listed in meeting.registrants
            where listed.status == "approved" && !excused.contains(listed.email.lowercased()) {
                guard let recorded = managed.registrants[listed.email.lowercased()], recorded.status != .registered
                else { continue }
                violation(
                    n,
                    "state: course \(key) registrant <\(listed.email)> is approved in Zoom but \(recorded.status) in the state"
                )
            }
        }
    }
}

extension SoakExcuses {
    static var empty: SoakExcuses { SoakExcuses() }
    init() {}
}
