import Foundation

/// `status`'s words, part of the run's one catalogue (RunTexts.swift).
extension RunTexts {
    public func statusStateFile(_ path: String) -> String { pick("Statusdatei: ", "State file: ") + path }
    public var statusNoStateFile: String {
        pick(
            "Noch keine Statusdatei: es wurde noch nichts synchronisiert.",
            "No state file yet: nothing was synced so far.")
    }

    /// The state's lineage and serial in words: which state file this is, and how often it was written.
    public func statusVersion(written: String, serial: Int, lineage: String) -> String {
        pick(
            "Zuletzt geschrieben \(written) (Stand Nr. \(serial) dieser Datei). Kennung \(lineage): eine Statusdatei "
                + "mit einer anderen Kennung gehört zu einer anderen Installation und wird nicht überschrieben.",
            "Last written \(written) (version \(serial) of this file). Id \(lineage): a state file with another "
                + "id belongs to another installation and is never overwritten.")
    }

    public var statusRunInProgress: String {
        pick("Ein Lauf ist gerade aktiv (Sperre gehalten).", "A run is in progress (lock held).")
    }

    public func statusPhase(_ phase: ManagedCourse.Phase) -> String {
        switch phase {
        case .active: return pick("aktiv", "active")
        case .closed: return pick("abgeschlossen", "closed")
        case .deleted: return pick("abgesagt", "cancelled")
        }
    }

    /// "Kurs 10062  aktiv  Meeting 8…  Moderator …  3 angemeldet, 0 abgemeldet".
    public func statusCourseLine(_ course: StatusReport.CourseEntry) -> String {
        var line = pick("Kurs ", "Course ") + "\(course.number)  \(statusPhase(course.phase))  "
        line += pick("Meeting ", "meeting ") + (course.meetingID.map(String.init) ?? "-") + "  "
        line += pick("Moderator ", "host ") + course.host + "  "
        switch course.phase {
        case .deleted:
            line += pick("in SEMCO storniert, Meeting gelöscht", "cancelled in SEMCO, meeting deleted")
        case .active, .closed:
            line += pick(
                "\(course.registered) angemeldet, \(course.cancelled) abgemeldet",
                "\(course.registered) registered, \(course.cancelled) cancelled")
            if course.pending > 0 {
                line += pick(
                    ", \(course.pending) in Zoom noch nicht freigegeben", ", \(course.pending) not yet approved in Zoom"
                )
            }
            if !course.handedToImport.isEmpty {
                line += pick(
                    ", \(course.handedToImport.count) für den Zoom-Import",
                    ", \(course.handedToImport.count) for the Zoom import")
            }
        }
        return line
    }

    public var statusNoCourses: String { pick("Keine verwalteten Kurse.", "No managed courses.") }
    public var statusOpenProblems: String { pick("Offene Probleme:", "Open problems:") }

    public func statusLastRun(runID: String, mode: String, finished: String, exitCode: Int32) -> String {
        pick(
            "Letzter Lauf: \(runID) (\(mode), beendet \(finished), Exit-Code \(exitCode))",
            "Last run: \(runID) (\(mode), finished \(finished), exit code \(exitCode))")
    }
    public var statusDeferredHeading: String {
        pick("Zurückgestellt (der nächste Lauf holt es nach):", "Deferred (the next run catches up):")
    }
}
