#pragma once

#include "runtimeevent.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace infrastage::gui {

class EventLogFilter;
class EventLogModel;

// The Event log dock: the run's event stream as a table, filtered by type and by a search,
// following the newest event unless the user scrolls away. Choosing a row names its event,
// so the window can highlight its request on the canvas and open it in the player.
class EventLogPanel final : public QWidget {
    Q_OBJECT

public:
    explicit EventLogPanel(QWidget *parent = nullptr);

    EventLogModel *model() const { return m_model; }
    void addEvents(const QList<runtime::RuntimeEvent> &events);
    void clear();
    // For tests: the category filter (-1: all) and the search text.
    void setCategory(int category);
    void setSearch(const QString &text);
    int visibleRows() const;

Q_SIGNALS:
    void eventChosen(const infrastage::runtime::RuntimeEvent &event);

private:
    void updateCount();

    EventLogModel *m_model;
    EventLogFilter *m_filter;
    QComboBox *m_category;
    QLineEdit *m_search;
    QCheckBox *m_follow;
    QLabel *m_count;
    QTableView *m_table;
};

} // namespace infrastage::gui
