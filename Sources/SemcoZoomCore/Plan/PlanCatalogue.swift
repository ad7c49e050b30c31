import Foundation

/// Every text the desired-state builder and the planner write: action reasons and diagnostics,
/// German and English, in one place. Codes are stable (docs/diagnostics-plan.md lists them).
public enum PlanCatalogue {
    static func t(_ de: String, _ en: String) -> LocalizedText { LocalizedText(de: de, en: en) }

    static func courseName(_ course: Course) -> String { "\(course.number.rawValue) \(course.title)" }

    // MARK: - Leave-alone reasons

    static let reasonPlanned = t(
        "Kurs ist geplant: es wird kein Meeting angelegt oder geändert.",
        "Course is planned (\"geplant\"): no meeting is created or changed.")
    static let reasonCancelledNoMeeting = t(
        "Kurs ist storniert und hat kein Meeting.",
        "Course is cancelled (\"storniert\") and has no meeting.")
    static let reasonFinished = t(
        "Kurs ist beendet: keine Änderungen mehr in Zoom.",
        "Course is finished (\"beendet\"): no more changes in Zoom.")
    static let reasonOver = t(
        "Alle Termine des Kurses liegen in der Vergangenheit: keine Änderungen mehr in Zoom.",
        "Every session of the course is over: no more changes in Zoom.")
    static let reasonClosed = t(
        "Kurs ist abgeschlossen und wird nicht mehr synchronisiert.",
        "Course is closed and no longer synchronised.")
    static let reasonNotTriggered = t(
        "Synchronisation für diesen Kurs nicht angestoßen (Zoom synchronisieren, auto_sync oder --course).",
        "Synchronisation not triggered for this course (Zoom synchronisieren, auto_sync or --course).")
    static let reasonMissing = t(
        "Kurs fehlt im Kursexport: das Meeting bleibt unverändert.",
        "Course is missing from the course export: its meeting is left as it is.")
    static let reasonNotZoomCourse = t("Veranstaltungsort ist nicht der Zoom-Raum.", "The venue is not the Zoom room.")

    // MARK: - Builder diagnostics

    static func unknownTimeZone(_ zone: String) -> Diagnostic {
        Diagnostic(
            code: "plan.time-zone-unknown", severity: .error,
            message: t(
                "Die Zeitzone \"\(zone)\" ist unbekannt; kein Kurs kann synchronisiert werden.",
                "The time zone \"\(zone)\" is unknown; no course can be synchronised."),
            hint: t(
                "Tragen Sie in der Konfiguration eine IANA-Zeitzone ein, z. B. Europe/Berlin.",
                "Set an IANA time zone in the configuration, e.g. Europe/Berlin."))
    }

    static func notZoomCourse(_ course: Course, room: String) -> Diagnostic {
        Diagnostic(
            code: "plan.not-zoom-course", severity: .warning, course: course.number,
            message: t(
                "Kurs \(courseName(course)): Veranstaltungsort ist \"\(course.venue)\", nicht \"\(room)\"; der Kurs wird nicht synchronisiert.",
                "Course \(courseName(course)): the venue is \"\(course.venue)\", not \"\(room)\"; the course is not synchronised."
            ),
            hint: t(
                "Tragen Sie \"\(room)\" als Veranstaltungsort ein, wenn der Kurs in Zoom stattfinden soll.",
                "Set the venue to \"\(room)\" if the course takes place in Zoom."),
            source: course.source)
    }

    static func unknownCourse(_ number: CourseNumber) -> Diagnostic {
        Diagnostic(
            code: "plan.course-unknown", severity: .warning, course: number,
            message: t(
                "Kurs \(number.rawValue) (--course) steht weder im Kursexport noch in der Statusdatei.",
                "Course \(number.rawValue) (--course) is neither in the course export nor in the state file."),
            hint: t(
                "Prüfen Sie die Kursnummer und ob der Export den Kurs enthält.",
                "Check the course number and whether the export contains the course."))
    }

    static func courseMissing(_ number: CourseNumber) -> Diagnostic {
        Diagnostic(
            code: "plan.course-missing", severity: .warning, course: number,
            message: t(
                "Kurs \(number.rawValue) wird synchronisiert, fehlt aber im Kursexport; sein Meeting bleibt unverändert.",
                "Course \(number.rawValue) is synchronised but missing from the course export; its meeting is left as it is."
            ),
            hint: t(
                "Prüfen Sie, ob der Export gefiltert ist. Ein storniertes Meeting wird nur bei Kursstatus \"storniert\" gelöscht.",
                "Check whether the export is filtered. A meeting is deleted only when the course status is \"storniert\"."
            ))
    }

    static func plannedLeftAlone(_ course: Course) -> Diagnostic {
        Diagnostic(
            code: "plan.planned-left-alone", severity: .info, course: course.number,
            message: t(
                "Kurs \(courseName(course)) ist wieder \"geplant\"; sein Zoom-Meeting bleibt unverändert.",
                "Course \(courseName(course)) is \"geplant\" again; its Zoom meeting is left as it is."),
            source: course.source)
    }

    static func noSessions(_ course: Course) -> Diagnostic {
        Diagnostic(
            code: "plan.no-sessions", severity: .error, course: course.number,
            message: t(
                "Kurs \(courseName(course)) hat keine Kurszeiten und keine Einzeltermine.",
                "Course \(courseName(course)) has no course times (\"Kurszeiten\") and no sessions (\"Einzeltermine\")."
            ),
            hint: t("Tragen Sie die Kurszeiten ein.", "Enter the course times (Kurszeiten)."),
            source: course.source)
    }

    static func noHost(_ course: Course) -> Diagnostic {
        let message: LocalizedText
        switch course.moderatorRole {
        case .trainer:
            message = t(
                "Moderator des Webinars ist auf Trainer eingestellt, es gibt jedoch keinen Trainer im Kurs, bei dem Moderator angekreuzt ist.",
                "Moderator is set to Trainer, but no trainer of the course with a Zoom user name and an active login has Moderator ticked."
            )
        case .courseSupervisor:
            message = t(
                "Zoom Benutzernamen ist für den Kursbetreuer \(course.supervisor?.name ?? "") des Kurses \(course.number.rawValue) nicht festgelegt.",
                "The Kursbetreuer \(course.supervisor?.name ?? "") of course \(course.number.rawValue) has no Zoom user name."
            )
        case nil:
            message = t(
                "Für den Kurs \(courseName(course)) wurde kein Moderator des Webinars festgelegt.",
                "Course \(courseName(course)) has no moderator (Moderator des Webinars).")
        }
        return Diagnostic(
            code: "plan.no-host", severity: .error, course: course.number, message: message,
            hint: t(
                "Legen Sie einen Moderator mit gültigem Zoom Benutzernamen fest.",
                "Set a moderator who has a valid Zoom user name."),
            source: course.source)
    }

    static func topicCut(_ course: Course, limit: Int) -> Diagnostic {
        Diagnostic(
            code: "plan.topic-cut", severity: .warning, course: course.number,
            message: t(
                "Der Kurstitel von Kurs \(course.number.rawValue) ist länger als \(limit) Zeichen und wird für Zoom gekürzt.",
                "The title of course \(course.number.rawValue) is longer than \(limit) characters and is cut for Zoom."),
            hint: t(
                "Kürzen Sie den Kurstitel, wenn der gekürzte Titel in Zoom nicht passt.",
                "Shorten the course title if the cut title does not fit in Zoom."),
            source: course.source)
    }

    static func twoSessionsOneDay(_ course: Course, day: CalendarDay) -> Diagnostic {
        Diagnostic(
            code: "plan.two-sessions-one-day", severity: .error, course: course.number,
            message: t(
                "Kurs \(courseName(course)) hat am \(day.german) mehr als einen Termin; ein Zoom-Meeting hat höchstens einen Termin pro Tag.",
                "Course \(courseName(course)) has more than one session on \(day.german); a Zoom meeting has at most one occurrence per day."
            ),
            hint: t("Fassen Sie die Termine des Tages zu einem zusammen.", "Merge the day's sessions into one."),
            source: course.source)
    }

    static func tooManyOccurrences(_ course: Course, count: Int, sessions: Int) -> Diagnostic {
        Diagnostic(
            code: "course.too-many-occurrences", severity: .error, course: course.number,
            message: t(
                "Kurs \(courseName(course)) bräuchte \(count) Zoom-Termine (\(RunTexts(language: .de).count(sessions, .session))); Zoom erlaubt höchstens \(OccurrenceRule.maximumOccurrences).",
                "Course \(courseName(course)) would need \(count) Zoom occurrences (\(RunTexts(language: .en).count(sessions, .session))); Zoom allows at most \(OccurrenceRule.maximumOccurrences)."
            ),
            hint: t("Teilen Sie den Kurs in mehrere Kurse auf.", "Split the course into several courses."),
            source: course.source)
    }

    static func hostOverlap(_ course: CourseNumber, other: CourseNumber, host: String) -> Diagnostic {
        Diagnostic(
            code: "plan.host-overlap", severity: .error, course: course,
            message: t(
                "Der Zoom-Benutzer \(host) moderiert bereits Kurs \(other.rawValue), dessen Termine sich mit denen von Kurs \(course.rawValue) überschneiden.",
                "Zoom user \(host) already hosts course \(other.rawValue), whose sessions overlap those of course \(course.rawValue)."
            ),
            hint: t(
                "Wählen Sie für einen der Kurse einen anderen Moderator oder andere Termine.",
                "Choose another moderator or other times for one of the courses."))
    }

    static func hostChanged(_ course: Course, kept: String, moderator: LocalizedText) -> Diagnostic {
        Diagnostic(
            code: "plan.host-changed", severity: .warning, course: course.number,
            message: t(
                "Ein Moderatorenwechsel ist nicht mehr möglich, sobald der Kurs synchronisiert wurde. Kurs \(courseName(course)) bleibt bei \(kept) (neuer Moderator: \(moderator.de)); alle anderen Änderungen werden weiter synchronisiert.",
                "The moderator cannot change once the course is synchronised. Course \(courseName(course)) stays with \(kept) (new moderator: \(moderator.en)); every other change is still synchronised."
            ),
            hint: t(
                "Falls der Moderator geändert werden soll, müssen entsprechende Änderungen direkt in Zoom vorgenommen werden.",
                "To change the moderator, make the change directly in Zoom."),
            source: course.source)
    }

    static func hostChangedInZoom(_ number: CourseNumber, meetingID: ZoomMeetingID, from: String, to: String)
        -> Diagnostic
    {
        Diagnostic(
            code: "plan.host-changed-in-zoom", severity: .info, course: number,
            message: t(
                "Der Moderator des Meetings \(meetingID) von Kurs \(number.rawValue) wurde in Zoom von \(from) zu \(to) geändert; die Synchronisation übernimmt \(to) als Moderator.",
                "The host of meeting \(meetingID) of course \(number.rawValue) was changed in Zoom from \(from) to \(to); the sync takes \(to) as the host."
            ),
            hint: t(
                "Nichts zu tun. Zoom bestimmt den Moderator dieses Kurses von nun an; ein anderer Moderator in SEMCO ändert ihn nicht.",
                "Nothing to do. Zoom decides this course's host from now on; another moderator in SEMCO does not change it."
            ))
    }

    // MARK: - Planner diagnostics

    static func meetingDeleted(_ number: CourseNumber, id: ZoomMeetingID) -> Diagnostic {
        Diagnostic(
            code: "zoom.meeting-deleted", severity: .warning, course: number,
            message: t(
                "Das Meeting \(id) von Kurs \(number.rawValue) wurde in Zoom gelöscht.",
                "Meeting \(id) of course \(number.rawValue) was deleted in Zoom."),
            hint: t(
                "Der nächste Lauf legt es neu an, wenn es weiterhin fehlt (sofort mit --recreate-deleted).",
                "The next run creates it again if it is still missing (at once with --recreate-deleted)."))
    }

    static func meetingRecreated(_ number: CourseNumber, id: ZoomMeetingID) -> Diagnostic {
        Diagnostic(
            code: "zoom.meeting-recreated", severity: .info, course: number,
            message: t(
                "Das in Zoom gelöschte Meeting \(id) von Kurs \(number.rawValue) wird neu angelegt; die Teilnehmer werden neu registriert.",
                "Meeting \(id) of course \(number.rawValue), deleted in Zoom, is created anew; participants are registered again."
            ))
    }

    static func unavailable(_ number: CourseNumber, id: ZoomMeetingID, error: ZoomError) -> Diagnostic {
        Diagnostic(
            code: "zoom.unavailable", severity: .error, course: number,
            message: t(
                "Das Meeting \(id) von Kurs \(number.rawValue) konnte nicht aus Zoom gelesen werden (\(describe(error))); der Kurs wird in diesem Lauf nicht geändert.",
                "Meeting \(id) of course \(number.rawValue) could not be read from Zoom (\(describe(error))); the course is not changed in this run."
            ),
            hint: t(
                "Der nächste Lauf versucht es erneut. Bleibt der Fehler, prüfen Sie Zugangsdaten und Zoom-Status.",
                "The next run tries again. If the error stays, check the credentials and Zoom's status."))
    }

    static func notObserved(_ number: CourseNumber, id: ZoomMeetingID) -> Diagnostic {
        Diagnostic(
            code: "zoom.not-observed", severity: .error, course: number,
            message: t(
                "Das Meeting \(id) von Kurs \(number.rawValue) wurde in diesem Lauf nicht aus Zoom gelesen; der Kurs wird nicht geändert.",
                "Meeting \(id) of course \(number.rawValue) was not read from Zoom in this run; the course is not changed."
            ))
    }

    static func describe(_ error: ZoomError) -> String {
        switch error {
        case .api(let status, let code, let message, _):
            return "HTTP \(status)" + (code.map { ", Zoom-Code \($0)" } ?? "") + ": \(message)"
        case .authenticationFailed(let status, let reason): return "HTTP \(status): \(reason)"
        case .missingScope(let code, let message): return "Zoom-Code \(code): \(message)"
        case .dailyLimit(_, let category, let type): return "HTTP 429 \(category ?? "") \(type ?? "")"
        case .outcomeUnknown(let method, let path, let reason): return "\(method) \(path): \(reason)"
        case .unavailable(let method, let path, let attempts, let reason):
            return "\(method) \(path), \(attempts)×: \(reason)"
        case .invalidResponse(let method, let path, let reason): return "\(method) \(path): \(reason)"
        case .notConfigured(let what): return what
        }
    }

    static func drift(_ number: CourseNumber, field: String, zoomValue: String, semcoValue: String, setBack: Bool)
        -> Diagnostic
    {
        let de =
            "In Zoom wurde \(fieldDE(field)) von Kurs \(number.rawValue) geändert (Zoom: \(zoomValue), SEMCO: \(semcoValue))."
        let en =
            "The \(field) of course \(number.rawValue) was changed in Zoom (Zoom: \(zoomValue), SEMCO: \(semcoValue))."
        return Diagnostic(
            code: "zoom.drift-\(field.replacingOccurrences(of: "_", with: "-"))", severity: .warning, course: number,
            message: t(
                de + (setBack ? " Es wird auf den SEMCO-Wert zurückgesetzt." : ""),
                en + (setBack ? " It is set back to SEMCO's value." : "")),
            hint: setBack
                ? t("Ändern Sie Kursdaten in SEMCO, nicht in Zoom.", "Change course data in SEMCO, not in Zoom.")
                : t(
                    "„drift: report“ – die Änderung bleibt; ändern Sie sie in Zoom oder SEMCO, wenn sie falsch ist.",
                    "\"drift: report\" – the change stays; fix it in Zoom or SEMCO if it is wrong."))
    }

    static func registrantsAddedInZoom(_ number: CourseNumber, people: [String]) -> Diagnostic {
        Diagnostic(
            code: "zoom.registrant-added-in-zoom", severity: .info, course: number,
            message: t(
                "In Zoom direkt registriert und unverändert gelassen (\(people.count)): \(people.joined(separator: ", ")).",
                "Registered directly in Zoom and left alone (\(people.count)): \(people.joined(separator: ", "))."))
    }

    static func registrantDeniedInZoom(_ number: CourseNumber, booking: String?, email: String) -> Diagnostic {
        Diagnostic(
            code: "zoom.registrant-denied-in-zoom", severity: .warning, course: number, booking: booking,
            message: t(
                "\(email) wurde in Zoom abgelehnt oder entfernt, die Buchung ist aber aktiv: die Person wird zurückgeholt.",
                "\(email) was denied or removed in Zoom, but the booking is active: the person is brought back."))
    }

    static func registrantCorrected(_ number: CourseNumber, _ correction: ObservedRegistrants.Correction) -> Diagnostic
    {
        let email = correction.email
        return Diagnostic(
            code: "zoom.registrant-state-corrected", severity: .info, course: number, booking: correction.booking,
            message: correction.now == .pending
                ? t(
                    "\(email) ist in Zoom noch nicht freigegeben (ausstehend), war im Zustand aber als angemeldet vermerkt: übernommen.",
                    "\(email) is still pending in Zoom but was recorded as registered in the state: taken over.")
                : correction.now == .registered
                    ? t(
                        "\(email) ist in Zoom angemeldet, war im Zustand aber nicht als angemeldet vermerkt: übernommen.",
                        "\(email) is registered in Zoom but was not recorded as registered in the state: taken over.")
                    : t(
                        "\(email) ist in Zoom nicht mehr angemeldet (abgelehnt oder entfernt), war im Zustand aber als angemeldet vermerkt: übernommen.",
                        "\(email) is no longer registered in Zoom (denied or removed) but was recorded as registered in the state: taken over."
                    ))
    }

    static func massCancel(
        total: Int, courses: [CourseNumber: MassCancelCount], allowed: Bool,
        thresholds: Configuration.MassCancelThresholds
    ) -> Diagnostic {
        let list = courses.keys.sorted().map { "\($0.rawValue) (\(courses[$0]!.cancels)/\(courses[$0]!.registrants))" }
            .joined(separator: ", ")
        let detail = list.isEmpty ? "" : " Kurse: \(list)."
        let detailEN = list.isEmpty ? "" : " Courses: \(list)."
        return Diagnostic(
            code: "plan.mass-cancel", severity: allowed ? .warning : .error,
            message: allowed
                ? t(
                    "Dieser Lauf storniert \(total) Teilnehmer (mehr als die Schwelle); erlaubt mit --allow-mass-cancel.\(detail)",
                    "This run cancels \(total) registrants (more than the threshold); allowed by --allow-mass-cancel.\(detailEN)"
                )
                : t(
                    "Dieser Lauf würde \(total) Teilnehmer stornieren (Schwelle: mehr als \(thresholds.courseMinimum) und mehr als \(Int(thresholds.coursePercent)) % eines Kurses, oder mehr als \(thresholds.runMaximum) insgesamt). Es wurde nichts geändert.\(detail)",
                    "This run would cancel \(total) registrants (threshold: more than \(thresholds.courseMinimum) and more than \(Int(thresholds.coursePercent)) % of a course, or more than \(thresholds.runMaximum) in all). Nothing was changed.\(detailEN)"
                ),
            hint: allowed
                ? nil
                : t(
                    "Prüfen Sie, ob der Buchungsexport vollständig ist. Sind die Stornierungen gewollt, starten Sie den Lauf mit --allow-mass-cancel.",
                    "Check that the booking export is complete. If the cancellations are intended, run with --allow-mass-cancel."
                ))
    }

    static func deferredBudget(_ number: CourseNumber, host: String, count: Int, notBefore: Date) -> Diagnostic {
        let when = ISO8601DateFormatter().string(from: notBefore)
        return Diagnostic(
            code: "plan.deferred-budget", severity: .warning, course: number,
            message: t(
                "Der Zoom-Benutzer \(host) hat heute keine Meeting-Änderungen mehr frei (100 pro Tag); \(RunTexts(language: .de).count(count, .change)) an Kurs \(number.rawValue) werden verschoben.",
                "Zoom user \(host) has no meeting changes left today (100 per day); \(RunTexts(language: .en).count(count, .change)) to course \(number.rawValue) are deferred."
            ),
            hint: t("Ein Lauf nach \(when) holt sie nach.", "A run after \(when) catches up."))
    }

    static func budgetReason(host: String) -> LocalizedText {
        t(
            "Tageslimit von Zoom (100 Meeting-Änderungen pro Moderator und Tag) für \(host) erreicht.",
            "Zoom's daily limit (100 meeting changes per host and day) reached for \(host).")
    }
}
