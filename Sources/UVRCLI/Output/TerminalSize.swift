#if canImport(Glibc)
import Glibc
#endif

/// The width of the terminal on standard output, for lines rewritten in place.
enum TerminalSize {
    /// Columns from the terminal itself, else `COLUMNS`, else 80.
    static func columns(environment: [String: String]) -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 80
    }
}
