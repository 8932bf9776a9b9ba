#include "eventlogpanel.h"

#include "eventcategory.h"
#include "eventlogmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace infrastage::gui {

// Rows of one category (or all) whose text contains the search.
class EventLogFilter final : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void set(int category, const QString &search) {
        m_category = category;
        m_search = search;
        invalidateRowsFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override {
        const QModelIndex i = sourceModel()->index(row, 0, parent);
        if (m_category >= 0 && i.data(EventLogModel::CategoryRole).toInt() != m_category)
            return false;
        return m_search.isEmpty() || i.data(EventLogModel::SearchTextRole)
                                         .toString()
                                         .contains(m_search, Qt::CaseInsensitive);
    }

private:
    int m_category = -1;
    QString m_search;
};

EventLogPanel::EventLogPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new EventLogModel(20000, EventLogModel::kDefaultMaxBytes, this))
    , m_filter(new EventLogFilter(this))
    , m_category(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_follow(new QCheckBox(tr("Follow"), this))
    , m_count(new QLabel(this))
    , m_table(new QTableView(this)) {
    m_filter->setSourceModel(m_model);
    m_category->addItem(tr("All events"), -1);
    for (int c = 0; c < EventCategoryCount; ++c)
        m_category->addItem(eventCategoryName(EventCategory(c)), c);
    m_category->setAccessibleName(tr("Event type"));
    m_search->setPlaceholderText(tr("Search node, event, trace or details"));
    m_search->setClearButtonEnabled(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest event in view"));

    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setWordWrap(false);
    m_table->setColumnWidth(EventLogModel::Time, 80);
    m_table->setColumnWidth(EventLogModel::Node, 120);
    m_table->setColumnWidth(EventLogModel::Kind, 150);
    m_table->setColumnWidth(EventLogModel::Trace, 80);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_category);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_follow);
    // A size of its own: a label whose size may change has the whole window laid out again at
    // each new text, and the count changes with every batch of a load.
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_count->setFixedSize(
        m_count->fontMetrics().horizontalAdvance(tr("%1 of %2").arg(888888).arg(888888)) + 8,
        qMax(m_count->sizeHint().height(), m_count->fontMetrics().height()));
    bar->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_table);

    auto refilter = [this] {
        m_filter->set(m_category->currentData().toInt(), m_search->text());
        updateCount();
    };
    connect(m_category, &QComboBox::currentIndexChanged, this, refilter);
    connect(m_search, &QLineEdit::textChanged, this, refilter);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!current.isValid())
                    return;
                m_follow->setChecked(false); // the user is reading: stop scrolling under them
                emit eventChosen(m_model->event(m_filter->mapToSource(current).row()));
            });
    updateCount();
}

void EventLogPanel::addEvents(const QList<runtime::RuntimeEvent> &events) {
    m_model->append(events);
    if (m_follow->isChecked())
        m_table->scrollToBottom();
    updateCount();
}

void EventLogPanel::clear() {
    m_model->clear();
    updateCount();
}

void EventLogPanel::setCategory(int category) {
    m_category->setCurrentIndex(m_category->findData(category));
}

void EventLogPanel::setSearch(const QString &text) {
    m_search->setText(text);
}

int EventLogPanel::visibleRows() const {
    return m_filter->rowCount();
}

void EventLogPanel::updateCount() {
    m_count->setText(tr("%1 of %2").arg(m_filter->rowCount()).arg(m_model->rowCount()));
}

} // namespace infrastage::gui
