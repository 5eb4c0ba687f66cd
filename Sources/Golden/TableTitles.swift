import Reports

/// The titles `table` gives its tables; `check` recomputes a question's table under its title,
/// and `merge` tells the two kinds of table apart by it.
public enum TableTitles {
    public static let agreement = PolicyReports.agreementTitle
    public static let question = "Stationary policies of one question, certified on the simplex"
}
