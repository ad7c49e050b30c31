import Foundation

/// The words of `report.html`, part of the run's one catalogue (RunTexts.swift).
extension RunTexts {
    public enum ReportWord: CaseIterable, Sendable {
        case semcoZoomPreviewPlan
        case semcoZoomSynchronisationReport
        case exitCode
        case run
        case started
        case finished
        case timeZone
        case exportsMovedTo
        case runStopped
        case acceptedWithAllowMassCancel
        case refusedNothingApplied
        case massCancelGuard
        case cancellations
        case courses
        case failed
        case needAttention
        case plannedChanges
        case changesDone
        case changesFailed
        case deferred
        case errors
        case warnings
        case inbox
        case noFailedCourses
        case needsAttention
        case syncFailed
        case whatToDo
        case everyErrorOfThisCourse
        case changesPerCourse
        case noChanges
        case zoomImport
        case participants
        case occurrence
        case new
        case fields
        case zoomCode
        case notBefore
        case inTheNextRun
        case willBeDone
        case warningsAndNotes
        case none
        case course
        case booking
        case filesRead
        case otherFilesOfThisRun
    }

    public func html(_ word: ReportWord) -> String {
        switch word {
        case .semcoZoomPreviewPlan: return pick("semco-zoom: Vorschau (plan)", "semco-zoom: preview (plan)")
        case .semcoZoomSynchronisationReport:
            return pick("semco-zoom: Bericht der Synchronisation", "semco-zoom: synchronisation report")
        case .exitCode: return pick("Exit-Code", "exit code")
        case .run: return pick("Lauf", "Run")
        case .started: return pick("Beginn", "Started")
        case .finished: return pick("Ende", "Finished")
        case .timeZone: return pick("Zeitzone", "Time zone")
        case .exportsMovedTo: return pick("Exporte verschoben nach", "Exports moved to")
        case .runStopped: return pick("Lauf abgebrochen:", "Run stopped:")
        case .refusedNothingApplied:
            return pick(
                "abgelehnt; nichts übertragen. Export prüfen; wenn er stimmt, mit --allow-mass-cancel erneut starten.",
                "refused; nothing applied. Check the export; if it is right, run again with --allow-mass-cancel.")
        case .acceptedWithAllowMassCancel:
            return pick("mit --allow-mass-cancel zugelassen", "accepted with --allow-mass-cancel")
        case .massCancelGuard: return pick("Schutz vor Massenstorno:", "Mass-cancel guard:")
        case .cancellations: return pick("Abmeldungen", "cancellations")
        case .courses: return pick("Kurse", "Courses")
        case .failed: return pick("fehlgeschlagen", "failed")
        case .needAttention: return pick("brauchen Aufmerksamkeit", "need attention")
        case .plannedChanges: return pick("geplante Änderungen", "planned changes")
        case .changesDone: return pick("Änderungen erledigt", "changes done")
        case .changesFailed: return pick("Änderungen fehlgeschlagen", "changes failed")
        case .deferred: return pick("zurückgestellt", "deferred")
        case .errors: return pick("Fehler", "errors")
        case .warnings: return pick("Warnungen", "warnings")
        case .inbox: return pick("Posteingang", "Inbox")
        case .noFailedCourses: return pick("Keine fehlgeschlagenen Kurse.", "No failed courses.")
        case .needsAttention: return pick("Braucht Aufmerksamkeit", "Needs attention")
        case .syncFailed: return pick("Sync. fehlgeschlagen", "Sync failed")
        case .whatToDo: return pick("Was ist zu tun:", "What to do:")
        case .everyErrorOfThisCourse: return pick("Alle Fehler dieses Kurses", "Every error of this course")
        case .changesPerCourse: return pick("Änderungen je Kurs", "Changes per course")
        case .noChanges: return pick("Keine Änderungen.", "No changes.")
        case .zoomImport: return pick("Zoom-Import", "Zoom import")
        case .participants: return pick("Teilnehmer", "participants")
        case .occurrence: return pick("Termin ", "occurrence ")
        case .new: return pick("neu: ", "new: ")
        case .fields: return pick("Felder: ", "fields: ")
        case .zoomCode: return pick("Zoom-Code ", "Zoom code ")
        case .notBefore: return pick("frühestens ab ", "not before ")
        case .inTheNextRun: return pick("beim nächsten Lauf", "in the next run")
        case .willBeDone: return pick("Wird nachgeholt ", "Will be done ")
        case .warningsAndNotes: return pick("Warnungen und Hinweise", "Warnings and notes")
        case .none: return pick("Keine.", "None.")
        case .course: return pick("Kurs ", "Course ")
        case .booking: return pick("Buchung ", "booking ")
        case .filesRead: return pick("Gelesene Dateien", "Files read")
        case .otherFilesOfThisRun: return pick("Weitere Dateien dieses Laufs:", "Other files of this run:")
        }
    }
}
