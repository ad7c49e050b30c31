import ArgumentParser

/// The `semco-zoom` command: parses arguments and wires the core's parts together.
/// Each subcommand lives in its own file in `Commands/`.
@main
struct SemcoZoom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "semco-zoom",
        abstract: "Keeps Zoom meetings and registrants in step with SEMCO's course, trainer and booking exports.",
        subcommands: [
            SyncCommand.self,
            PlanCommand.self,
            ValidateCommand.self,
            StatusCommand.self,
            ZoomCSVCommand.self,
            DoctorCommand.self,
            SimulatorCommand.self,
        ]
    )
}
