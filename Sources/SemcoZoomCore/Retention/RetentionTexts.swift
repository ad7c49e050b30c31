import Foundation

// What retention tells the admin, as diagnostics in the run's report (folder names and counts,
// never contents): `retention.removed`, `retention.remove-failed`, `retention.state-forgotten`.

public enum RetentionDiagnostics {
    static func areaName(_ area: FolderRetention.Area) -> LocalizedText {
        switch area {
        case .runs: return LocalizedText(de: "Laufordner", en: "run folders")
        case .archive: return LocalizedText(de: "archivierte Exporte", en: "archived exports")
        case .rejected: return LocalizedText(de: "abgelehnte Exporte", en: "rejected exports")
        }
    }

    static func days(_ value: Int?) -> String { value.map(String.init) ?? "-" }

    /// One info diagnostic per area with removed folders; one warning per area where some could not go.
    public static func folders(_ removals: [FolderRetention.Removal], retention: Configuration.Retention)
        -> [Diagnostic]
    {
        var result: [Diagnostic] = []
        for removal in removals {
            let name = areaName(removal.area)
            let keepDays: Int?
            switch removal.area {
            case .runs: keepDays = retention.runsDays
            case .archive: keepDays = retention.archiveDays
            case .rejected: keepDays = retention.rejectedDays
            }
            let key = "retention.\(removal.area.rawValue)_days"
            if !removal.removed.isEmpty {
                let list = removal.removed.joined(separator: ", ")
                result.append(
                    Diagnostic(
                        code: "retention.removed", severity: .info,
                        message: LocalizedText(
                            de:
                                "Aufbewahrung: \(removal.removed.count) \(name.de) älter als \(days(keepDays)) Tage entfernt "
                                + "(\(removal.folder.path): \(list)).",
                            en:
                                "Retention: removed \(removal.removed.count) \(name.en) older than \(days(keepDays)) days "
                                + "(\(removal.folder.path): \(list))."),
                        hint: LocalizedText(
                            de: "Die Frist stellt \(key) ein (0 oder forever: nie löschen).",
                            en: "\(key) sets the period (0 or forever: never delete).")))
            }
            if !removal.failed.isEmpty {
                let list = removal.failed.keys.sorted().map { "\($0) (\(removal.failed[$0]!))" }.joined(separator: ", ")
                result.append(
                    Diagnostic(
                        code: "retention.remove-failed", severity: .warning,
                        message: LocalizedText(
                            de: "Aufbewahrung: \(name.de) in „\(removal.folder.path)“ nicht entfernt: \(list).",
                            en: "Retention: \(name.en) in \"\(removal.folder.path)\" not removed: \(list)."),
                        hint: LocalizedText(
                            de: "Rechte des Ordners prüfen; der nächste erfolgreiche Lauf versucht es erneut.",
                            en: "Check the folder's permissions; the next successful run tries again.")))
            }
        }
        return result
    }

    /// Info on the courses whose registrants left the state.
    public static func state(_ pruned: StateRetention.Pruned, keepDays: Int?) -> [Diagnostic] {
        guard pruned.forgotSomething else { return [] }
        let reduced = pruned.reduced.map(\.rawValue).joined(separator: ", ")
        let removed = pruned.removed.map(\.rawValue).joined(separator: ", ")
        var de: [String] = []
        var en: [String] = []
        if !pruned.reduced.isEmpty {
            de.append("\(pruned.reduced.count) abgeschlossene Kurse ohne Teilnehmerdaten behalten (\(reduced))")
            en.append("\(pruned.reduced.count) closed courses kept without participant data (\(reduced))")
        }
        if !pruned.removed.isEmpty {
            de.append("\(pruned.removed.count) abgesagte Kurse entfernt (\(removed))")
            en.append("\(pruned.removed.count) cancelled courses removed (\(removed))")
        }
        return [
            Diagnostic(
                code: "retention.state-forgotten", severity: .info,
                message: LocalizedText(
                    de: "Aufbewahrung der Statusdatei (länger als \(days(keepDays)) Tage beendet): "
                        + de.joined(separator: "; ") + ".",
                    en: "State file retention (closed longer than \(days(keepDays)) days): "
                        + en.joined(separator: "; ") + "."),
                hint: LocalizedText(
                    de: "Die Frist stellt „retention.state_days“ ein (0 oder „forever“: nie vergessen).",
                    en: "retention.state_days sets the period (0 or forever: never forget)."))
        ]
    }
}
