import Foundation

/// The run's one copy of the state, written through to disk after every change (journaling):
/// a crash or kill at any moment loses nothing that Zoom already did. Serialises the writes of
/// the concurrently applied courses.
public actor StateJournal {
    public let store: StateStore
    private var current: SyncState
    private var fingerprint: StateStore.Fingerprint?
    private let clock: any WallClock
    /// Writes made by this journal.
    public private(set) var writes = 0

    public init(store: StateStore, loaded: LoadedState, clock: any WallClock) {
        self.store = store
        self.current = loaded.state
        self.fingerprint = loaded.fingerprint
        self.clock = clock
    }

    public var state: SyncState { current }

    /// Applies `change` and writes the state at once. On a write failure the change stays in
    /// memory only and the error tells the caller to stop changing Zoom.
    public func update(_ change: @Sendable (inout SyncState) -> Void) throws(StateStoreError) {
        change(&current)
        let (written, print) = try store.save(current, now: clock.now(), expected: fingerprint)
        current = written
        fingerprint = print
        writes += 1
    }

    public func read<T: Sendable>(_ body: @Sendable (SyncState) -> T) -> T { body(current) }
}
