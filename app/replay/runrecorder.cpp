#include "runrecorder.h"

#include "topologyhash.h"

#include "document/document.h"
#include "io/jsonformat.h"
#include "io/projectrecordings.h"
#include "live/livesession.h"

#include <QAction>
#include <QDateTime>
#include <QSettings>

namespace infrastage::gui {

namespace {
const QString kRecordSetting = QStringLiteral("replay/record");
} // namespace

RunRecorder::RunRecorder(Document *document, LiveSession *session, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_session(session)
    , m_record(new QAction(tr("&Record Runs"), this)) {
    m_record->setObjectName(QStringLiteral("record"));
    m_record->setCheckable(true);
    m_record->setChecked(QSettings().value(kRecordSetting, true).toBool());
    m_record->setIcon(QIcon::fromTheme(QStringLiteral("media-record")));
    m_record->setToolTip(tr("Keep every run (its requests, load and faults) as a recording of "
                            "the design, to replay later without running anything"));
    connect(m_record, &QAction::toggled, this,
            [](bool on) { QSettings().setValue(kRecordSetting, on); });
    connect(session, &LiveSession::stateChanged, this, &RunRecorder::onState);
}

void RunRecorder::onState(runtime::RuntimeState state) {
    using runtime::RuntimeState;
    if (state == RuntimeState::Starting) {
        m_started = m_document->data();
        m_running = true;
        return;
    }
    if ((state != RuntimeState::Stopped && state != RuntimeState::Failed) || !m_running)
        return;
    m_running = false;
    if (!m_record->isChecked() || m_session->runDirectory().isEmpty())
        return;
    RecordingInfo info;
    QString error;
    if (!ProjectRecordings::describeRun(
            m_session->runDirectory() + QStringLiteral("/events.sqlite"), 0, &info, &error)) {
        emit statusMessage(tr("The run was not recorded: %1").arg(error));
        return;
    }
    if (info.events == 0)
        return;
    int runs = 1;
    for (const RecordingInfo &r : m_document->recordings())
        runs += r.name.startsWith(tr("Run "));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    info.name =
        tr("Run %1 (%2)").arg(runs).arg(now.toLocalTime().toString(QStringLiteral("HH:mm")));
    info.createdAt = now.toString(Qt::ISODate);
    info.topology = JsonFormat::write(m_started);
    info.topologyHash = topologyHash(m_started);
    m_document->addRecording(info);
    emit recorded(int(m_document->recordings().size()) - 1);
    emit statusMessage(tr("Recorded %1: %2 events in %3 s")
                           .arg(info.name)
                           .arg(info.events)
                           .arg(info.seconds(), 0, 'f', 1));
}

} // namespace infrastage::gui
