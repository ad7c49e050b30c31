import Foundation

/// The doctor's checks of the drop and state folders, the run lock and the state file.
extension Doctor {
    /// Whether a folder exists (or can be created) and a file can be written in it.
    public static func folderCheck(id: String, name: LocalizedText, url: URL, mayBeCreated: Bool) -> DoctorCheck {
        var isDirectory: ObjCBool = false
        let path = url.path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                return DoctorCheck(
                    id: id, status: .error,
                    message: t("\(name.de) \(path) ist kein Ordner.", "\(name.en) \(path) is not a folder."),
                    fix: t("Den Pfad korrigieren.", "Correct the path."))
            }
            let probe = url.appendingPathComponent(".semco-zoom-doctor-\(UUID().uuidString)")
            let fd = open(probe.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd >= 0 {
                close(fd)
                unlink(probe.path)
                return DoctorCheck(
                    id: id, status: .ok,
                    message: t("\(name.de) \(path) ist beschreibbar.", "\(name.en) \(path) is writable."))
            }
            let reason = String(cString: strerror(errno))
            return DoctorCheck(
                id: id, status: .error,
                message: t(
                    "\(name.de) \(path) ist nicht beschreibbar (\(reason)).",
                    "\(name.en) \(path) is not writable (\(reason))."),
                fix: t(
                    "Dem Benutzer, unter dem semco-zoom läuft, Schreibrechte geben.",
                    "Give the user semco-zoom runs as write permission."))
        }
        if mayBeCreated {
            var ancestor = url.deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: ancestor.path) && ancestor.path != "/" {
                ancestor = ancestor.deletingLastPathComponent()
            }
            if access(ancestor.path, W_OK) == 0 {
                return DoctorCheck(
                    id: id, status: .ok,
                    message: t(
                        "\(name.de) \(path) fehlt noch und wird beim ersten Lauf angelegt.",
                        "\(name.en) \(path) does not exist yet; the first run creates it."))
            }
            return DoctorCheck(
                id: id, status: .error,
                message: t(
                    "\(name.de) \(path) fehlt und kann nicht angelegt werden.",
                    "\(name.en) \(path) is missing and cannot be created."),
                fix: t(
                    "Den Ordner anlegen oder Schreibrechte auf \(ancestor.path) geben.",
                    "Create the folder or grant write permission on \(ancestor.path)."))
        }
        return DoctorCheck(
            id: id, status: .error, message: t("\(name.de) \(path) fehlt.", "\(name.en) \(path) does not exist."),
            fix: t(
                "Den Ordner anlegen oder den Pfad (--drop / paths.drop) korrigieren.",
                "Create the folder or correct the path (--drop / paths.drop)."))
    }

    /// Whether a run holds `<state>.lock` now (a non-blocking shared flock).
    public static func lockCheck(stateURL: URL) -> DoctorCheck {
        let lockURL = StateStore(url: stateURL).lockURL
        if RunLock.isHeld(lockURL) {
            return DoctorCheck(
                id: "lock", status: .warning,
                message: t(
                    "Ein Lauf hält gerade die Sperre \(lockURL.path).", "A run holds the lock \(lockURL.path) now."),
                fix: t(
                    "Warten, bis er fertig ist; ein zweiter Lauf bricht mit Exit-Code 75 ab, ohne etwas anzufassen.",
                    "Wait for it to finish; a second run stops with exit code 75 without touching anything."))
        }
        return DoctorCheck(
            id: "lock", status: .ok, message: t("Sperre frei: kein Lauf aktiv.", "Lock free: no run active."))
    }

    /// The state file: readable, a known format, lineage and serial, owner-only.
    public static func stateCheck(stateURL: URL) -> [DoctorCheck] {
        let store = StateStore(url: stateURL)
        do {
            let loaded = try store.load()
            guard loaded.existed else {
                return [
                    DoctorCheck(
                        id: "state", status: .ok,
                        message: t(
                            "Noch keine Statusdatei \(stateURL.path); der erste Lauf legt sie an.",
                            "No state file \(stateURL.path) yet; the first run creates it."))
                ]
            }
            let state = loaded.state
            let active = state.courses.values.filter { $0.phase == .active }.count
            var checks = [
                DoctorCheck(
                    id: "state", status: .ok,
                    message: t(
                        "Statusdatei \(stateURL.path): Format \(state.format), Kennung \(state.lineage), Stand Nr. \(state.serial), \(RunTexts(language: .de).count(state.courses.count, .course)) (\(active) aktiv).",
                        "State file \(stateURL.path): format \(state.format), id \(state.lineage), version \(state.serial), \(RunTexts(language: .en).count(state.courses.count, .course)) (\(active) active)."
                    ))
            ]
            if let attributes = try? FileManager.default.attributesOfItem(atPath: stateURL.path),
                let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
            {
                checks.append(
                    DoctorCheck(
                        id: "state", status: .warning,
                        message: t(
                            "Die Statusdatei (personenbezogene Daten) ist für andere lesbar (Rechte \(String(mode & 0o777, radix: 8))).",
                            "The state file (personal data) is readable by others (mode \(String(mode & 0o777, radix: 8)))."
                        ),
                        fix: t("chmod 600 \(stateURL.path)", "chmod 600 \(stateURL.path)")))
            }
            return checks
        } catch {
            return [
                DoctorCheck(
                    id: "state", status: .error, message: error.message,
                    fix: t(
                        "Die Statusdatei nicht löschen: mit der Vorversion (.bak) vergleichen oder semco-zoom aktualisieren.",
                        "Do not delete the state file: compare it with the previous version (.bak) or update semco-zoom."
                    ))
            ]
        }
    }
}
