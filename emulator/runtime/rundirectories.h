#pragma once

#include <QString>
#include <QStringList>

namespace infrastage::runtime {

// Where runs keep their configs, logs, data and recording when no --run-dir is given:
// `$TMPDIR/infrastage-runs/<yyyyMMdd-HHmmss>-<pid>-<n>/`. A 5-minute run under load records
// about 2 GB, so the directories of runs whose program has ended are pruned when a new run
// starts, but for the newest few (their logs are what a failed start points to).
class RunDirectories {
public:
    static constexpr int kKeptEndedRuns = 5;

    static QString root();
    // A new directory name under root() for a run of this process (not created).
    static QString fresh();
    // Removes the run directories under `root` whose process (the pid in the name) has ended,
    // keeping the newest `keep` of them; never a directory of a live process, nor anything not
    // named like a run. Returns the paths removed.
    static QStringList pruneEnded(const QString &root, int keep = kKeptEndedRuns);
};

} // namespace infrastage::runtime
