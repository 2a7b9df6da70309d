import GRDB

/// The run store's tables, as a sequence of migrations: a new sashell adds a migration rather than
/// editing one, so old stores upgrade in place and keep their runs.
enum Schema {
    /// SQLite's `application_id` for run stores ("SaSh" in ASCII), so that a run store is
    /// recognisable from its header and another program's database is refused, not altered.
    static let applicationID: Int32 = 0x5361_5368

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 runs, epochs, results") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            // AUTOINCREMENT: a replaced run's id is never reused, so a stale process still holding
            // it gets "no such run" instead of writing into someone else's run.
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    key TEXT NOT NULL UNIQUE,
                    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'interrupted')),
                    config TEXT NOT NULL CHECK (json_valid(config)),
                    seed INTEGER NOT NULL,
                    dataset TEXT NOT NULL,
                    dataset_version TEXT NOT NULL,
                    data_fingerprint TEXT NOT NULL,
                    sashell_version TEXT NOT NULL,
                    started_at DATETIME NOT NULL,
                    finished_at DATETIME,
                    wall_seconds REAL,
                    examples_per_second REAL,
                    checkpoint_path TEXT,
                    test_metrics TEXT CHECK (test_metrics IS NULL OR json_valid(test_metrics)),
                    error_message TEXT
                );
                CREATE INDEX runs_by_dataset ON runs (dataset, status);
                CREATE TABLE epochs (
                    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                    epoch INTEGER NOT NULL,
                    metrics TEXT NOT NULL CHECK (json_valid(metrics)),
                    wall_seconds REAL NOT NULL,
                    PRIMARY KEY (run_id, epoch)
                ) WITHOUT ROWID;
                CREATE TABLE results (
                    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    key TEXT NOT NULL,
                    payload BLOB NOT NULL,
                    created_at DATETIME NOT NULL,
                    PRIMARY KEY (run_id, kind, key)
                );
                """)
        }
        return migrator
    }
}
