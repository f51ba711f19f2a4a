import CNcursesw
import PonderUI
