import Foundation

/// `../shared/` beside the repository: present in CI and for the team, absent in a user's
/// plain clone. Tests that read it are disabled, with this reason shown, when it is absent.
public enum SharedReference {
    /// The repository root, found from this source file's location.
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    public static var sharedDirectory: URL {
        repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
    }

    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: sharedDirectory.appendingPathComponent("reference/zoom-openapi").path)
    }

    public static let unavailableReason = "../shared/reference/zoom-openapi is not beside this clone (it is in CI and the team's checkouts)"

    public static func zoomOpenAPI(_ name: String) -> URL {
        sharedDirectory.appendingPathComponent("reference/zoom-openapi/\(name)")
    }
}
