import Foundation

extension Validator {
    /// Whether a course asks to be synced by itself: `Zoom synchronisieren = Ja`, or no such
    /// column and `auto_sync` on. (`--course` and an existing meeting trigger too; the
    /// desired-state builder knows those.)
    public static func isTriggered(_ course: Course, configuration: Configuration) -> Bool {
        course.syncRequested ?? configuration.autoSync
    }

    /// For `validate`: the errors of a Zoom course that is not triggered become warnings that
    /// say they will block its first sync, so the admin can fix them before ticking `Zoom
    /// synchronisieren`. `sync` and `plan` do not report them at all (`DesiredState.reportable`).
    /// `validate` has no state: a course already synced that now says `Nein` is marked too
    /// (docs/sync-rules.md, "Triggers").
    public static func markUntriggered(
        _ diagnostics: [Diagnostic], snapshot: Snapshot, configuration: Configuration
    ) -> [Diagnostic] {
        var untriggered: Set<CourseNumber> = []
        for course in snapshot.courses where !isTriggered(course, configuration: configuration) {
            untriggered.insert(course.number)
        }
        guard !untriggered.isEmpty else { return diagnostics }
        return diagnostics.map { diagnostic in
            guard diagnostic.severity == .error, let course = diagnostic.course, untriggered.contains(course) else {
                return diagnostic
            }
            var marked = diagnostic
            marked.severity = .warning
            let mark = diagnostic.booking == nil ? blocksFirstSync : costsBookingAtFirstSync
            marked.message = LocalizedText(
                de: diagnostic.message.de + " " + mark.de, en: diagnostic.message.en + " " + mark.en)
            return marked
        }
    }

    static let blocksFirstSync = LocalizedText(
        de: "(Synchronisation noch nicht angestoßen: blockiert die erste Synchronisation.)",
        en: "(Synchronisation not triggered yet: will block the first sync.)")
    static let costsBookingAtFirstSync = LocalizedText(
        de: "(Synchronisation noch nicht angestoßen: die Buchung fehlt bei der ersten Synchronisation.)",
        en: "(Synchronisation not triggered yet: the booking will be left out of the first sync.)")
}
