#if canImport(Glibc)
import Glibc
#endif

/// A value behind a pthread mutex; `withLock` is the only way to it. The loader's publishing
/// state and the `Dataset` live in these.
///
/// Why not `Synchronization.Mutex`: on Linux it waits on a futex directly, which ThreadSanitizer
/// cannot see, so every access made under it reported as a data race (`scripts/sanitize.sh thread`
/// on LoaderConcurrencyTests: Dataset.progress and Dataset.text(of:) against the loader's appends)
/// and real races would have drowned among them. ThreadSanitizer intercepts `pthread_mutex_lock`;
/// uncontended, it costs about what the futex does, and these locks are taken once per chunk or
/// snapshot, not per trace.
final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock. Not reentrant: `body` must not take it again.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
