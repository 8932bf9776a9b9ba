#pragma once

#include "replaytimeline.h"

#include "io/recordinginfo.h"

#include <QList>
#include <QObject>

#include <memory>

class QThread;

namespace infrastage::gui {

// Reads a recording's events from its SQLite file and builds its ReplayTimeline on a thread of
// its own, so the GUI thread never waits on the disk or on JSON; the timeline, or why the
// recording cannot be replayed, comes back as a signal. A new load() supersedes one under way.
class ReplayLoader final : public QObject {
    Q_OBJECT

public:
    explicit ReplayLoader(QObject *parent = nullptr);
    ~ReplayLoader() override; // waits for a load under way

    void load(const RecordingInfo &info);
    bool isLoading() const { return !m_threads.isEmpty(); }

    // The work itself, on the calling thread: null with the reason ("what and where") when the
    // recording is damaged or gone.
    static std::shared_ptr<const ReplayTimeline> read(const RecordingInfo &info, QString *error);

Q_SIGNALS:
    void loaded(std::shared_ptr<const infrastage::gui::ReplayTimeline> timeline);
    void failed(const QString &error);

private:
    QList<QThread *> m_threads; // loads under way, the superseded ones too
    int m_generation = 0;
};

} // namespace infrastage::gui
