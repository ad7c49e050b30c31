import Foundation
import SemcoZoomCore
import ZoomSimulator

/// Where `--zoom simulator` keeps the embedded simulator's data: beside the state file, in
/// `<state>.simulator/`, so that one `--state` means one simulated Zoom from any folder
/// (README.md, "Try it"; docs/SIMULATOR.md).
enum EmbeddedSimulator {
    /// The state file `--zoom simulator` uses when neither `--state` nor the config names one (git-ignored).
    static let defaultState = ".semco-zoom/state.json"
    /// The simulator's data file inside its folder.
    static let dataFileName = "simulator.json"

    /// `<state>.simulator/`.
    static func folder(forState stateURL: URL) -> URL {
        URL(fileURLWithPath: stateURL.path + ".simulator", isDirectory: true)
    }

    /// The simulator's data file for a state file. Creates the folder (owner-only). Data an
    /// earlier version kept in `.semco-zoom/simulator.json` beside the default state moves here
    /// once, so the demo's meetings are not taken for deleted ones.
    static func dataFile(forState stateURL: URL) throws -> URL {
        let folder = folder(forState: stateURL)
        try OwnerOnlyFiles.createDirectory(folder)
        let file = folder.appendingPathComponent(dataFileName)
        let legacy = stateURL.deletingLastPathComponent().appendingPathComponent(dataFileName)
        let manager = FileManager.default
        if stateURL.deletingLastPathComponent().lastPathComponent == ".semco-zoom",
            !manager.fileExists(atPath: file.path), manager.fileExists(atPath: legacy.path)
        {
            try? manager.moveItem(at: legacy, to: file)
        }
        return file
    }

    /// A simulator configured as `sync --zoom simulator` and `doctor --zoom simulator` use it.
    static func configuration(stateURL: URL, configuration: Configuration) throws -> SimulatorConfiguration {
        var simulatorConfiguration = SimulatorConfiguration()
        simulatorConfiguration.autoCreateUsers = true
        // The demo's hosts hold what the configured kind needs: with `zoom.kind: webinar` the add-on.
        simulatorConfiguration.autoCreatedUsersHoldWebinar = configuration.kind == .webinar
        simulatorConfiguration.dataFile = try dataFile(forState: stateURL)
        simulatorConfiguration.plan = configuration.ratePlan == .business ? .business : .pro
        return simulatorConfiguration
    }
}
