import Foundation
import SemcoZoomCore
import ZoomSimulator

/// A night's scans for secrets in outputs and for files others can read.
extension Night.Context {
    func scanSecrets(_ n: Int, _ text: String, where place: String) {
        if text.contains(secret) { violation(n, "the client secret appears in \(place)") }
        if text.range(of: #"sim\.[A-Za-z0-9]{48}"#, options: .regularExpression) != nil {
            violation(n, "an access token the simulator issued appears in \(place)")
        }
        if text.range(of: "Bearer ", options: .caseInsensitive) != nil {
            violation(n, "a bearer header appears in \(place)")
        }
    }

    func scanFiles(_ n: Int) {
        var files = [stateFile, stateFile.appendingPathExtension("bak")]
        let runs = stateFile.deletingLastPathComponent().appendingPathComponent("runs")
        for folder in (try? FileManager.default.contentsOfDirectory(atPath: runs.path)) ?? []
        where !seenRunFolders.contains(folder) {
            seenRunFolders.insert(folder)
            let base = runs.appendingPathComponent(folder)
            if let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) {
                for case let url as URL in walker { files.append(url) }
            }
        }
        for file in files {
            guard let data = try? Data(contentsOf: file) else { continue }
            scanSecrets(n, String(decoding: data, as: UTF8.self), where: file.path)
            if let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
                let mode = attributes[.posixPermissions] as? Int, mode & 0o077 != 0
            {
                violation(n, "\(file.lastPathComponent) is readable by others (mode \(String(mode, radix: 8)))")
            }
        }
    }
}
