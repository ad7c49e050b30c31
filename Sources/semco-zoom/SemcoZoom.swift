import ArgumentParser

/// The `semco-zoom` command: parses arguments and wires the core's parts together.
/// Each subcommand lives in its own file in `Commands/`.
@main
struct SemcoZoom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "semco-zoom",
        abstract: "Keeps Zoom meetings and registrants in step with SEMCO's course, trainer and booking exports.",
        discussion: exitCodes,
        subcommands: [
            SyncCommand.self,
            PlanCommand.self,
            ValidateCommand.self,
            StatusCommand.self,
            ZoomCSVCommand.self,
            DoctorCommand.self,
            ForgetCommand.self,
            SimulatorCommand.self,
        ]
    )

    /// The exit codes, one table for every command (README.md, "Exit codes").
    static let exitCodes = """
        Exit codes (every command):
          0   done, nothing failed (plan: nothing to change; validate: no error in the exports)
          1   fatal: bad config, missing credentials or no token, rejected input, unreadable state;
              nothing (more) was applied; forget: could not finish
          2   plan only: there are changes to apply
          3   done, but some courses or bookings failed or were deferred, or an output could not be
              written (see the report); validate: the exports have errors
          4   refused by the mass-cancel guard; nothing applied
          64  usage error: unknown option, missing or invalid value; forget without --yes and
              without a terminal
          75  another run holds the lock; nothing touched
        """
}
