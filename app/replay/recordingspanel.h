#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QListWidget;
class QPushButton;

namespace infrastage::gui {

class Document;

// The Recordings dock: the design's recordings (name, when, how long, how many events and
// requests, saved or not yet), with Replay, Rename, Delete and Export; Record decides whether
// the next runs are kept. Double-click replays.
class RecordingsPanel final : public QWidget {
    Q_OBJECT

public:
    RecordingsPanel(Document *document, QAction *record, QWidget *parent = nullptr);

    int currentIndex() const; // -1: none selected
    void setCurrentIndex(int index);
    void setReplaying(int index); // marks the one being replayed (-1: none)

Q_SIGNALS:
    void replayRequested(int index);
    void exportRequested(int index);

private:
    void refresh();
    void updateButtons();

    Document *m_document;
    QListWidget *m_list;
    QLabel *m_note;
    QPushButton *m_replay;
    QPushButton *m_rename;
    QPushButton *m_delete;
    QPushButton *m_export;
    int m_replaying = -1;
};

} // namespace infrastage::gui
