#pragma once

#include "runtimestate.h"

#include "model/topologydata.h"

#include <QObject>

class QAction;

namespace infrastage::gui {

class Document;
class LiveSession;

// Keeps each run of the designer as a recording of the document while Record is on (the
// default): when a run ends, its events (the recorder's events.sqlite in the run directory)
// become "Run N" in the Recordings dock, with the design as it was started, until the project
// is saved and they move into the file.
class RunRecorder final : public QObject {
    Q_OBJECT

public:
    RunRecorder(Document *document, LiveSession *session, QObject *parent = nullptr);

    QAction *recordAction() const { return m_record; }

Q_SIGNALS:
    void recorded(int index); // the document's new recording
    void statusMessage(const QString &message);

private:
    void onState(runtime::RuntimeState state);

    Document *m_document;
    LiveSession *m_session;
    QAction *m_record;
    TopologyData m_started; // the design as the run started it
    bool m_running = false;
};

} // namespace infrastage::gui
