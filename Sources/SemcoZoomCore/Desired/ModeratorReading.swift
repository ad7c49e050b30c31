import Foundation

/// What the export says about a course's moderator (Moderator des Webinars): a Zoom user who
/// can host, or why there is none. Used once a course has a meeting, when the export's
/// moderator no longer decides the host (docs/sync-rules.md, "Moderator changes").
enum ModeratorReading: Equatable {
    /// The moderator's Zoom user, lower-cased.
    case host(String)
    /// No moderator that can host; the text says who or what the export names.
    case unusable(LocalizedText)

    /// The validator's codes about the moderator: they block a first sync, never a course that
    /// already has its meeting (it keeps its host).
    static let codes: Set<String> = [
        DiagnosticCatalog.Code.courseNoModerator.rawValue,
        DiagnosticCatalog.Code.courseModeratorNoZoomUser.rawValue,
        DiagnosticCatalog.Code.courseModeratorZoomUserInvalid.rawValue,
        DiagnosticCatalog.Code.courseModeratorNotTicked.rawValue,
        DiagnosticCatalog.Code.courseSeveralModerators.rawValue,
        DiagnosticCatalog.Code.courseModeratorLoginInactive.rawValue,
    ]

    static func read(_ course: Course, trainers: [TrainerAssignment]) -> ModeratorReading {
        func clean(_ text: String?) -> String? {
            guard let value = text.map(TextTrim.whitespaces), !value.isEmpty else { return nil }
            return value.lowercased()
        }
        let none = LocalizedText(de: "kein Moderator", en: "no moderator")
        switch course.moderatorRole {
        case nil:
            return .unusable(none)
        case .courseSupervisor:
            guard let supervisor = course.supervisor, supervisor.name != nil || supervisor.zoomUser != nil else {
                return .unusable(none)
            }
            let name = supervisor.name.map(Validator.displayName(fromSEMCOName:)) ?? supervisor.shortCode ?? "?"
            guard let user = clean(supervisor.zoomUser), Validator.isAcceptableEmail(user) else {
                return .unusable(
                    LocalizedText(de: "\(name) (ohne gültigen Zoom Benutzernamen)", en: "\(name) (no valid Zoom user)"))
            }
            return .host(user)
        case .trainer:
            let ticked = trainers.filter(\.isModerator).sorted { $0.shortCode < $1.shortCode }
            guard let trainer = ticked.first else { return .unusable(none) }
            if ticked.count > 1 {
                let names = ticked.map(\.displayName).joined(separator: ", ")
                return .unusable(
                    LocalizedText(de: "mehrere Moderatoren (\(names))", en: "several moderators (\(names))"))
            }
            guard let user = clean(trainer.zoomUser), Validator.isAcceptableEmail(user) else {
                return .unusable(
                    LocalizedText(
                        de: "\(trainer.displayName) (ohne gültigen Zoom Benutzernamen)",
                        en: "\(trainer.displayName) (no valid Zoom user)"))
            }
            guard trainer.loginActive else {
                return .unusable(
                    LocalizedText(
                        de: "\(trainer.displayName) (Benutzerzugang nicht aktiv)",
                        en: "\(trainer.displayName) (SEMCO login not active)"))
            }
            return .host(user)
        }
    }
}
