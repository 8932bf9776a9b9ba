#include "recordingspanel.h"

#include "document/document.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace infrastage::gui {

RecordingsPanel::RecordingsPanel(Document *document, QAction *record, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_list(new QListWidget(this))
    , m_note(new QLabel(this))
    , m_replay(new QPushButton(tr("&Replay"), this))
    , m_rename(new QPushButton(tr("Rena&me…"), this))
    , m_delete(new QPushButton(tr("&Delete"), this))
    , m_export(new QPushButton(tr("E&xport…"), this)) {
    setObjectName(QStringLiteral("recordingsPanel"));
    auto *layout = new QVBoxLayout(this);
    auto *recordButton = new QToolButton(this);
    recordButton->setDefaultAction(record);
    recordButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    layout->addWidget(recordButton);
    layout->addWidget(m_list, 1);
    m_note->setWordWrap(true);
    layout->addWidget(m_note);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_replay, m_rename, m_delete, m_export})
        buttons->addWidget(b);
    layout->addLayout(buttons);
    m_replay->setToolTip(tr("Play the recording on the canvas, with nothing running"));
    m_export->setToolTip(tr("Write the recording, with the design it was made from, to a "
                            "project file of its own that opens on any machine"));

    connect(document, &Document::recordingsChanged, this, &RecordingsPanel::refresh);
    connect(m_list, &QListWidget::currentRowChanged, this, &RecordingsPanel::updateButtons);
    connect(m_list, &QListWidget::itemActivated, this,
            [this] { emit replayRequested(currentIndex()); });
    connect(m_replay, &QPushButton::clicked, this,
            [this] { emit replayRequested(currentIndex()); });
    connect(m_export, &QPushButton::clicked, this,
            [this] { emit exportRequested(currentIndex()); });
    connect(m_delete, &QPushButton::clicked, this,
            [this] { m_document->removeRecording(currentIndex()); });
    connect(m_rename, &QPushButton::clicked, this, [this] {
        const int i = currentIndex();
        if (i < 0)
            return;
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Rename Recording"), tr("Name:"), QLineEdit::Normal,
                                  m_document->recordings().at(i).name, &ok);
        if (ok && !name.trimmed().isEmpty())
            m_document->renameRecording(i, name.trimmed());
    });
    refresh();
}

int RecordingsPanel::currentIndex() const {
    return m_list->currentRow();
}

void RecordingsPanel::setCurrentIndex(int index) {
    m_list->setCurrentRow(index);
}

void RecordingsPanel::setReplaying(int index) {
    m_replaying = index;
    refresh();
}

void RecordingsPanel::refresh() {
    const int keep = m_list->currentRow();
    m_list->clear();
    const QList<RecordingInfo> &all = m_document->recordings();
    for (int i = 0; i < all.size(); ++i) {
        const RecordingInfo &r = all.at(i);
        const QString when = QDateTime::fromString(r.createdAt, Qt::ISODate)
                                 .toLocalTime()
                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        QString text = tr("%1\n%2 · %3 s · %4 events")
                           .arg(r.name, when)
                           .arg(r.seconds(), 0, 'f', 1)
                           .arg(r.events);
        if (r.source == RecordingSource::RunDirectory)
            text += tr(" · not saved yet");
        if (i == m_replaying)
            text = QStringLiteral("▶ ") + text;
        m_list->addItem(text);
    }
    if (all.isEmpty())
        m_note->setText(m_document->recordingsError().isEmpty()
                            ? tr("No recordings yet. With Record on, every run of the design is "
                                 "kept here, to replay without running anything.")
                            : tr("The recordings of this project cannot be read: %1")
                                  .arg(m_document->recordingsError()));
    else
        m_note->setText(tr("Recordings are saved in the project file (.infrastage)."));
    m_list->setCurrentRow(qMin(keep < 0 ? int(all.size()) - 1 : keep, int(all.size()) - 1));
    updateButtons();
}

void RecordingsPanel::updateButtons() {
    const bool any = currentIndex() >= 0;
    for (QPushButton *b : {m_replay, m_rename, m_delete, m_export})
        b->setEnabled(any);
}

} // namespace infrastage::gui
