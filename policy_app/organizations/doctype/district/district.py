from frappe.utils.nestedset import NestedSet


class District(NestedSet):
	nsm_parent_field = "parent_district"

	def validate(self):
		# a bureau sits at the top of its tree and holds the recommending departments under it
		if self.district_type == "Bureau":
			self.is_group = 1
