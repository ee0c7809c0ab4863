export { WorkingCalendar, workingCalendar, type CalendarFile } from './calendar';
export { concerns, listed, WorkItem, WorkItemKind, workPage, WorkPageArgs, worklistReference, worklistType, type Worklist } from './work-item';
